#pragma once
// How a requester's review of one submission turns out, under the rejection rules.
#include "core/rng.hpp"
#include "model/scenario.hpp"

namespace gigsim {

struct ReviewContext {
  bool quality_ok = true;              // the work met the requester's bar
  bool auto_approved = false;          // the requester never looked: the platform approved it
  double quality_check_accuracy = 0;   // chance that bad work is caught
  double opportunistic_rejection = 0;  // share of good work the requester rejects to keep it unpaid
  std::int64_t requester_reviewed = 0;
  std::int64_t requester_rejected = 0;
};

// True when the submission is rejected.
bool review_rejects(const RejectionRule& rule, const ReviewContext& ctx, Stream& stream);

// Opportunistic rejection share after the justification requirement.
double opportunistic_share(const RejectionRule& rule, double base_share);

// True when the worker's appeal of a rejection succeeds.
bool appeal_succeeds(const RejectionRule& rule, bool quality_ok, Stream& stream);

}  // namespace gigsim
