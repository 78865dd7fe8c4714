#include <catch2/catch.hpp>

#include "rules/employment.hpp"
#include "rules/payout.hpp"

using namespace gigsim;

TEST_CASE("payout terms follow the platform, tightened by the payout rule", "[rules][payout]") {
  PlatformSpec p;
  p.auto_approval_days = 30;
  p.minimum_payout = 10.0;
  p.payment_interval_days = 14;
  p.hold_days = 1;
  PayoutTerms t = make_payout_terms(p, 1);
  CHECK(t.auto_approval_ticks == 30 * 1440);
  CHECK(t.minimum_payout == to_micros(10.0));
  CHECK(t.payment_interval_days == 14);
  CHECK(t.hold_ticks == 1440);
  p.regulation.payout.enabled = true;
  p.regulation.payout.max_review_days = 7;
  p.regulation.payout.max_minimum_withdrawal = 1.0;
  p.regulation.payout.max_payment_interval_days = 7;
  t = make_payout_terms(p, 5);
  CHECK(t.auto_approval_ticks == 7 * 288);
  CHECK(t.minimum_payout == to_micros(1.0));
  CHECK(t.payment_interval_days == 7);
}

TEST_CASE("presumption of employment holds when k of the 5 indicators do", "[rules][employment]") {
  PlatformSpec p;  // defaults: controls via ratings, supervises algorithmically: 2 indicators
  CHECK(employment_indicators_met(p.employment_indicators) == 2);
  CHECK_FALSE(employment_presumed(p));  // rule off
  p.regulation.presumption_of_employment.enabled = true;
  p.regulation.presumption_of_employment.indicators_required = 2;
  CHECK(employment_presumed(p));
  p.regulation.presumption_of_employment.indicators_required = 3;
  CHECK_FALSE(employment_presumed(p));
  p.employment_indicators.sets_pay = true;
  CHECK(employment_presumed(p));
}
