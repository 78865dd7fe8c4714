#pragma once
// The one description of every scenario key: its name, its type and its valid range.
// The reader, the writer and the --set path checker all walk these functions, so a
// key added here is read, checked, written and settable at once.
//
// A visitor V provides: number, integer, unsigned_integer, boolean, text, choice,
// hourly_weights, group, list and invalid (a cross-field problem inside one block).
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

#include "io/yaml_scalars.hpp"
#include "model/scenario.hpp"

namespace gigsim {

// Valid range of a real-valued key. `noun` names what the value is in messages
// ("must be a probability in [0, 1]"); `hint` says why, when that helps the fix.
struct Bounds {
  double lo;
  double hi;
  bool lo_open;
  bool hi_open;
  const char* noun = nullptr;
  const char* hint = nullptr;
};

inline constexpr double kNoLimit = std::numeric_limits<double>::infinity();
inline constexpr Bounds kProbability{0.0, 1.0, false, false, "a probability"};
inline constexpr Bounds kShare{0.0, 1.0, false, false, "a share"};
inline constexpr Bounds kRate{0.0, 1.0, false, false, "a rate"};
inline constexpr Bounds kNonNegative{0.0, kNoLimit, false, false};
inline constexpr Bounds kPositive{0.0, kNoLimit, true, false};
// Money is held in int64 micro-units; a billion keeps every sum far from overflow.
inline constexpr Bounds kAmount{0.0, 1e9, false, false, "an amount"};
inline constexpr Bounds kUnitFactor{0.0, 1.0, true, false};
inline constexpr Bounds kMedian{0.0,   kNoLimit, true,
                                false, nullptr,  "a lognormal's median is always positive"};
// Wider spreads give draws that overflow a double; no field study comes near 5.
inline constexpr Bounds kSigma{0.0, 5.0, false, false, nullptr, "use 0 for a constant"};
// A century of simulated time keeps tick counts far inside int64.
inline constexpr Bounds kDurationDays{0.0, 36500.0, true, false};

struct IntBounds {
  std::int64_t lo;
  std::int64_t hi;
  const char* noun = nullptr;
  const char* hint = nullptr;
};

inline constexpr std::int64_t kIntNoLimit = std::numeric_limits<std::int64_t>::max();
inline constexpr IntBounds kCount{0, kIntNoLimit, "a count"};

enum class TextRule {
  any,
  identifier,  // [a-z0-9_]+: names become HDF5 group names and file names
  currency,    // ISO 4217: three capital letters
};

// Blocks written on one line, `{median: 1, sigma: 0.3}`, as people write them by hand.
enum class Layout { block, flow };

template <class E>
struct EnumNames;
template <>
struct EnumNames<ListingOrder> {
  static constexpr std::array<std::pair<ListingOrder, const char*>, 3> values{{
      {ListingOrder::newest, "newest"},
      {ListingOrder::highest_reward, "highest_reward"},
      {ListingOrder::assigned, "assigned"},
  }};
};
template <>
struct EnumNames<SuspensionStyle> {
  static constexpr std::array<std::pair<SuspensionStyle, const char*>, 2> values{{
      {SuspensionStyle::silent, "silent"},
      {SuspensionStyle::with_notice, "with_notice"},
  }};
};
template <>
struct EnumNames<ContributionPayer> {
  static constexpr std::array<std::pair<ContributionPayer, const char*>, 2> values{{
      {ContributionPayer::platform, "platform"},
      {ContributionPayer::requester, "requester"},
  }};
};

template <class V>
void visit_fields(V& v, LogNormalSpec& s) {
  v.number("median", s.median, kMedian);
  v.number("sigma", s.sigma, kSigma);
}

template <class V>
void visit_fields(V& v, BetaSpec& s) {
  v.number("mean", s.mean, kProbability);
  v.number("concentration", s.concentration, kNonNegative);
  // A Beta with a = 0 or b = 0 does not exist.
  if (s.concentration > 0.0 && (s.mean == 0.0 || s.mean == 1.0)) {
    v.invalid("mean", "with concentration > 0 the mean must lie strictly between 0 and 1, got " +
                          format_number(s.mean) + "; use concentration: 0 for a constant");
  }
}

template <class V>
void visit_fields(V& v, WorkerGroupSpec& s) {
  v.text("name", s.name, TextRule::identifier);
  v.number("share", s.share, kShare);
  v.integer("utc_offset_hours", s.utc_offset_hours, IntBounds{-12, 14, "a UTC offset in hours"});
  v.hourly_weights("activity_by_local_hour", s.activity_by_local_hour);
  v.number("weekend_factor", s.weekend_factor, kNonNegative);
  v.group("skill", s.skill, Layout::flow);
  v.group("speed", s.speed, Layout::flow);
  v.group("reservation_wage", s.reservation_wage, Layout::flow);
  v.group("hours_per_week", s.hours_per_week, Layout::flow);
  v.group("session_minutes", s.session_minutes, Layout::flow);
  v.number("main_income_share", s.main_income_share, kShare);
  v.number("tools_share", s.tools_share, kShare);
  v.number("multi_platform_share", s.multi_platform_share, kShare);
  v.group("household_income", s.household_income, Layout::flow);
}

template <class V>
void visit_fields(V& v, LearningSpec& s) {
  v.number("tasks_scale", s.tasks_scale, kPositive);
  v.number("exponent", s.exponent, kNonNegative);
  v.number("floor", s.floor, Bounds{0.0, 1.0, true, false, nullptr, "it is the fastest a worker can become"});
}

template <class V>
void visit_fields(V& v, ExitSpec& s) {
  v.number("judge_after_hours", s.judge_after_hours, kNonNegative);
  v.number("tolerance", s.tolerance, kNonNegative);
  v.number("daily_probability_when_below", s.daily_probability_when_below, kProbability);
  v.number("base_daily_hazard", s.base_daily_hazard, kProbability);
  v.number("leave_after_suspension", s.leave_after_suspension, kProbability);
}

template <class V>
void visit_fields(V& v, WorkerBehaviourSpec& s) {
  v.number("search_find_probability", s.search_find_probability, kProbability);
  v.number("tools_search_factor", s.tools_search_factor, kPositive);
  v.number("listing_attention", s.listing_attention, kPositive);
  v.number("min_rate_factor", s.min_rate_factor, kNonNegative);
  v.number("return_if_longer_than", s.return_if_longer_than, kPositive);
  v.number("abandon_probability", s.abandon_probability, kProbability);
  v.number("stay_on_group_probability", s.stay_on_group_probability, kProbability);
  v.number("appeal_probability", s.appeal_probability, kProbability);
  v.number("labour_supply_elasticity", s.labour_supply_elasticity, kNonNegative);
  v.number("qualification_test_minutes", s.qualification_test_minutes, kNonNegative);
  v.group("learning", s.learning, Layout::flow);
  v.group("exit", s.exit);
}

template <class V>
void visit_fields(V& v, WorkersSpec& s) {
  v.integer("registered", s.registered, kCount);
  v.number("arrivals_per_day", s.arrivals_per_day, kNonNegative);
  v.number("poverty_line", s.poverty_line, kNonNegative);
  v.list("groups", s.groups, WorkerGroupSpec{});
  v.group("behaviour", s.behaviour);
}

template <class V>
void visit_fields(V& v, RequesterTypeSpec& s) {
  v.text("name", s.name, TextRule::identifier);
  v.number("share", s.share, kShare);
  v.number("batches_per_week", s.batches_per_week, kNonNegative);
  v.group("assignments_per_group", s.assignments_per_group, Layout::flow);
  v.group("task_minutes", s.task_minutes, Layout::flow);
  v.group("duration_optimism", s.duration_optimism, Layout::flow);
  v.group("intended_hourly_pay", s.intended_hourly_pay, Layout::flow);
  v.group("review_delay_hours", s.review_delay_hours, Layout::flow);
  v.group("group_lifetime_hours", s.group_lifetime_hours, Layout::flow);
  v.number("quality_check_accuracy", s.quality_check_accuracy, kProbability);
  v.number("opportunistic_rejection", s.opportunistic_rejection, kShare);
  v.number("qualification_share", s.qualification_share, kShare);
  v.number("min_approval_rate", s.min_approval_rate, kRate);
  v.integer("min_approved_count", s.min_approved_count, kCount);
  v.number("threshold_share", s.threshold_share, kShare);
}

template <class V>
void visit_fields(V& v, RequestersSpec& s) {
  v.integer("count", s.count, kCount);
  v.number("activity_pareto_alpha", s.activity_pareto_alpha, kPositive);
  v.number("price_elasticity", s.price_elasticity, kNonNegative);
  v.number("platform_switch_threshold", s.platform_switch_threshold, kNonNegative);
  v.list("types", s.types, RequesterTypeSpec{});
}

template <class V>
void visit_fields(V& v, FeeSpec& s) {
  v.number("rate", s.rate, kRate);
  v.number("large_batch_rate", s.large_batch_rate, kRate);
  v.integer("large_batch_threshold", s.large_batch_threshold,
            IntBounds{1, kIntNoLimit, nullptr, "it is a number of assignments per group"});
  v.number("minimum", s.minimum, kAmount);
}

template <class V>
void visit_fields(V& v, FraudDetectionSpec& s) {
  v.boolean("enabled", s.enabled);
  v.number("false_positive_per_worker_year", s.false_positive_per_worker_year, kNonNegative);
  v.number("approval_rate_threshold", s.approval_rate_threshold, kRate);
  v.number("detection_per_day", s.detection_per_day, kProbability);
}

template <class V>
void visit_fields(V& v, EmploymentIndicatorsSpec& s) {
  v.boolean("sets_pay", s.sets_pay);
  v.boolean("controls_via_ratings", s.controls_via_ratings);
  v.boolean("supervises_algorithmically", s.supervises_algorithmically);
  v.boolean("restricts_choice_of_work", s.restricts_choice_of_work);
  v.boolean("restricts_outside_work", s.restricts_outside_work);
}

template <class V>
void visit_fields(V& v, MinimumWageRule& s) {
  v.boolean("enabled", s.enabled);
  v.number("hourly", s.hourly, kAmount);
  v.boolean("top_up", s.top_up);
  v.boolean("count_search_time", s.count_search_time);
  v.number("search_minutes_per_task", s.search_minutes_per_task, kNonNegative);
}

template <class V>
void visit_fields(V& v, RejectionRule& s) {
  v.boolean("enabled", s.enabled);
  v.boolean("justification_required", s.justification_required);
  v.number("justification_deterrence", s.justification_deterrence, kShare);
  v.number("max_rejection_share", s.max_rejection_share, kShare);
  v.number("pay_share_on_reject", s.pay_share_on_reject, kShare);
  v.boolean("appeal", s.appeal);
  v.number("appeal_success", s.appeal_success, kProbability);
  v.number("appeal_delay_days", s.appeal_delay_days, kNonNegative);
  v.boolean("fee_refunded", s.fee_refunded);
}

template <class V>
void visit_fields(V& v, DueProcessRule& s) {
  v.boolean("enabled", s.enabled);
  v.number("notice_days", s.notice_days, kNonNegative);
  v.number("human_review_accuracy", s.human_review_accuracy, kProbability);
  v.number("appeal_success", s.appeal_success, kProbability);
  v.number("appeal_delay_days", s.appeal_delay_days, kNonNegative);
  v.boolean("pay_out_pending", s.pay_out_pending);
}

template <class V>
void visit_fields(V& v, FeeCapRule& s) {
  v.boolean("enabled", s.enabled);
  v.number("max_rate", s.max_rate, kRate);
}

template <class V>
void visit_fields(V& v, SocialContributionsRule& s) {
  v.boolean("enabled", s.enabled);
  v.number("rate", s.rate, kRate);
  v.choice("paid_by", s.paid_by);
}

template <class V>
void visit_fields(V& v, PresumptionOfEmploymentRule& s) {
  v.boolean("enabled", s.enabled);
  v.integer("indicators_required", s.indicators_required,
            IntBounds{1, 5, nullptr, "there are 5 employment indicators"});
  v.number("hourly_wage", s.hourly_wage, kAmount);
  v.number("contribution_rate", s.contribution_rate, kRate);
}

template <class V>
void visit_fields(V& v, TransparencyRule& s) {
  v.boolean("enabled", s.enabled);
  v.number("search_time_factor", s.search_time_factor,
           Bounds{0.0, 1.0, true, false, nullptr, "1 leaves search time unchanged"});
  v.number("avoid_rejection_rate_above", s.avoid_rejection_rate_above, kRate);
}

template <class V>
void visit_fields(V& v, PayoutRule& s) {
  v.boolean("enabled", s.enabled);
  v.number("max_review_days", s.max_review_days, kNonNegative);
  v.number("max_minimum_withdrawal", s.max_minimum_withdrawal, kAmount);
  v.number("max_payment_interval_days", s.max_payment_interval_days, kPositive);
}

template <class V>
void visit_fields(V& v, RegulationSpec& s) {
  v.group("minimum_wage", s.minimum_wage);
  v.group("rejection", s.rejection);
  v.group("due_process", s.due_process);
  v.group("fee_cap", s.fee_cap);
  v.group("social_contributions", s.social_contributions);
  v.group("presumption_of_employment", s.presumption_of_employment);
  v.group("transparency", s.transparency);
  v.group("payout", s.payout);
}

template <class V>
void visit_fields(V& v, PlatformSpec& s) {
  v.text("name", s.name, TextRule::identifier);
  v.number("requester_share", s.requester_share, kShare);
  v.group("fee", s.fee, Layout::flow);
  v.choice("listing", s.listing);
  v.number("minimum_reward", s.minimum_reward, kAmount);
  v.number("auto_approval_days", s.auto_approval_days, kNonNegative);
  v.number("hold_days", s.hold_days, kNonNegative);
  v.number("minimum_payout", s.minimum_payout, kAmount);
  v.number("payment_interval_days", s.payment_interval_days, kPositive);
  v.number("rejection_reversal_days", s.rejection_reversal_days, kNonNegative);
  v.group("fraud_detection", s.fraud_detection);
  v.choice("suspension", s.suspension);
  v.group("employment_indicators", s.employment_indicators);
  // Read over a copy of the global regulation, so only the keys given here override it.
  v.group("regulation", s.regulation);
}

template <class V>
void visit_fields(V& v, OutputSpec& s) {
  v.integer("interval_minutes", s.interval_minutes, IntBounds{1, kIntNoLimit});
}

// `global` is the top-level `regulation:` block, which exists only in the file: the
// struct keeps each platform's resolved copy. The writer passes nullptr and writes
// every platform's regulation in full instead.
template <class V>
void visit_scenario(V& v, Scenario& s, RegulationSpec* global) {
  v.text("name", s.name, TextRule::identifier);
  v.text("description", s.description, TextRule::any);
  v.text("currency", s.currency, TextRule::currency);
  v.unsigned_integer("seed", s.seed);
  v.number("duration_days", s.duration_days, kDurationDays);
  v.integer("tick_minutes", s.tick_minutes, IntBounds{1, 1440, nullptr, "it must also divide 1440"});
  v.integer("start_weekday", s.start_weekday, IntBounds{0, 6, "a weekday", "0 = Monday ... 6 = Sunday"});
  v.group("output", s.output);
  v.group("workers", s.workers);
  v.group("requesters", s.requesters);
  PlatformSpec fresh;
  if (global) {
    // Visited before the platforms, so their fresh copies start from the finished global block.
    v.group("regulation", *global);
    fresh.regulation = *global;
    for (PlatformSpec& p : s.platforms) p.regulation = *global;
  }
  v.list("platforms", s.platforms, fresh);
}

}  // namespace gigsim
