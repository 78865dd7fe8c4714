#include "rules/rejection.hpp"

namespace gigsim {

double opportunistic_share(const RejectionRule& rule, double base_share) {
  if (rule.enabled && rule.justification_required) return base_share * (1.0 - rule.justification_deterrence);
  return base_share;
}

bool review_rejects(const RejectionRule& rule, const ReviewContext& ctx, Stream& stream) {
  // Draw both numbers whatever the branch, so one rule does not shift the stream of another.
  const double u_quality = stream.uniform();
  const double u_theft = stream.uniform();
  if (ctx.auto_approved) return false;
  bool reject = ctx.quality_ok ? u_theft < opportunistic_share(rule, ctx.opportunistic_rejection)
                               : u_quality < ctx.quality_check_accuracy;
  if (reject && rule.enabled && rule.max_rejection_share < 1.0) {
    // The cap counts this decision: rejecting would push the share above it.
    const double share_after =
        static_cast<double>(ctx.requester_rejected + 1) / static_cast<double>(ctx.requester_reviewed + 1);
    if (share_after > rule.max_rejection_share) reject = false;
  }
  return reject;
}

bool appeal_succeeds(const RejectionRule& rule, bool quality_ok, Stream& stream) {
  const double u = stream.uniform();
  return rule.enabled && rule.appeal && quality_ok && u < rule.appeal_success;
}

}  // namespace gigsim
