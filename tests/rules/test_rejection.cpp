#include <catch2/catch.hpp>

#include "rules/rejection.hpp"

using namespace gigsim;

namespace {
double rejection_share(const RejectionRule& rule, ReviewContext ctx, int n = 20000) {
  int rejected = 0;
  for (int i = 0; i < n; ++i) {
    Stream s(7, i, Phase::review, 1);
    rejected += review_rejects(rule, ctx, s) ? 1 : 0;
  }
  return static_cast<double>(rejected) / n;
}
}  // namespace

TEST_CASE("bad work is rejected at the requester's quality-check accuracy", "[rules][rejection]") {
  RejectionRule off;
  ReviewContext ctx;
  ctx.quality_ok = false;
  ctx.quality_check_accuracy = 0.8;
  CHECK(rejection_share(off, ctx) == Approx(0.8).margin(0.01));
  ctx.quality_ok = true;
  CHECK(rejection_share(off, ctx) == 0.0);  // honest requester, good work
}

TEST_CASE("auto-approved work is never rejected", "[rules][rejection]") {
  RejectionRule off;
  ReviewContext ctx;
  ctx.quality_ok = false;
  ctx.quality_check_accuracy = 1.0;
  ctx.auto_approved = true;
  CHECK(rejection_share(off, ctx) == 0.0);
}

TEST_CASE("opportunistic rejection, and the justification requirement that deters it", "[rules][rejection]") {
  ReviewContext ctx;
  ctx.quality_ok = true;
  ctx.opportunistic_rejection = 0.3;
  RejectionRule off;
  CHECK(rejection_share(off, ctx) == Approx(0.3).margin(0.01));
  RejectionRule justified;
  justified.enabled = true;
  justified.justification_required = true;
  justified.justification_deterrence = 0.8;
  CHECK(opportunistic_share(justified, 0.3) == Approx(0.06));
  CHECK(rejection_share(justified, ctx) == Approx(0.06).margin(0.006));
}

TEST_CASE("the cap on a requester's rejection share turns rejections into approvals", "[rules][rejection]") {
  RejectionRule cap;
  cap.enabled = true;
  cap.justification_required = false;
  cap.max_rejection_share = 0.1;
  ReviewContext ctx;
  ctx.quality_ok = false;
  ctx.quality_check_accuracy = 1.0;
  ctx.requester_reviewed = 100;
  ctx.requester_rejected = 9;  // one more would make 10/101 < 0.1: allowed
  CHECK(rejection_share(cap, ctx, 100) == 1.0);
  ctx.requester_rejected = 10;  // 11/101 > 0.1: refused
  CHECK(rejection_share(cap, ctx, 100) == 0.0);
}

TEST_CASE("appeals succeed only for good work, only when the rule allows them", "[rules][rejection]") {
  RejectionRule rule;
  rule.enabled = true;
  rule.appeal = true;
  rule.appeal_success = 0.7;
  int won_good = 0, won_bad = 0;
  for (int i = 0; i < 10000; ++i) {
    Stream a(3, i, Phase::appeal, 1), b(3, i, Phase::appeal, 2);
    won_good += appeal_succeeds(rule, true, a);
    won_bad += appeal_succeeds(rule, false, b);
  }
  CHECK(won_good / 10000.0 == Approx(0.7).margin(0.015));
  CHECK(won_bad == 0);
  rule.appeal = false;
  Stream s(3, 0, Phase::appeal, 1);
  CHECK_FALSE(appeal_succeeds(rule, true, s));
}
