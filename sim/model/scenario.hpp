#pragma once
// The validated, immutable description of a run. The YAML loader (sim/io) fills
// it and checks every field; the model only reads it. Defaults here are the
// defaults documented in docs/scenarios.md (an AMT-like market).
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/money.hpp"

namespace gigsim {

// A positive quantity drawn from a lognormal: median exp(mu), shape sigma.
struct LogNormalSpec {
  double median = 1.0;
  double sigma = 0.0;  // 0 = constant
};

// A probability drawn from a Beta with the given mean and concentration (a+b).
struct BetaSpec {
  double mean = 0.5;
  double concentration = 0.0;  // 0 = constant at `mean`
};

enum class ListingOrder { newest, highest_reward, assigned };
enum class SuspensionStyle { silent, with_notice };
enum class ContributionPayer { platform, requester };

struct WorkerGroupSpec {
  std::string name = "us";
  double share = 1.0;         // of registered workers and arrivals
  int utc_offset_hours = -5;  // local time = UTC + offset
  // Relative weights, not all zero. Flat by default: all zeros would be an invalid
  // scenario, and a group whose workers are never active.
  std::array<double, 24> activity_by_local_hour{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                                1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  double weekend_factor = 1.0;                // weight multiplier on Saturday and Sunday
  BetaSpec skill{0.92, 40.0};                 // probability a submission meets the quality bar
  LogNormalSpec speed{1.0, 0.3};              // multiplier on task time (higher = slower)
  LogNormalSpec reservation_wage{1.38, 0.9};  // currency per hour
  LogNormalSpec hours_per_week{6.0, 1.0};
  LogNormalSpec session_minutes{60.0, 0.6};
  double main_income_share = 0.25;              // workers for whom it is the main income
  double tools_share = 0.3;                     // workers using search tools/scripts
  double multi_platform_share = 0.1;            // workers registered on every platform
  LogNormalSpec household_income{2500.0, 0.6};  // currency per month, outside micro-work
};

struct LearningSpec {
  double tasks_scale = 200.0;  // experience (tasks) at which speed-up is noticeable
  double exponent = 0.15;      // duration multiplier = max(floor, (1 + n/scale)^-exponent)
  double floor = 0.6;
};

struct ExitSpec {
  double judge_after_hours = 5.0;  // logged hours before the wage is judged
  double tolerance = 0.8;          // leave when wage < tolerance x reservation wage
  double daily_probability_when_below = 0.03;
  double base_daily_hazard = 0.0015;    // leaving for other reasons
  double leave_after_suspension = 1.0;  // probability a suspended worker never returns
};

struct WorkerBehaviourSpec {
  double search_find_probability = 0.25;    // per minute of search, chance to find a candidate
  double tools_search_factor = 2.0;         // multiplier on find probability with tools
  double listing_attention = 15.0;          // mean listing position looked at
  double min_rate_factor = 0.5;             // accept when expected rate >= factor x reservation
  double return_if_longer_than = 2.0;       // return when actual/expected time exceeds this
  double abandon_probability = 0.03;        // per accepted task, abandon halfway
  double stay_on_group_probability = 0.85;  // take the next task of the same group
  double appeal_probability = 0.3;          // appeal a rejection when appeal is possible
  double labour_supply_elasticity = 0.43;
  double qualification_test_minutes = 10.0;
  LearningSpec learning;
  ExitSpec exit;
};

struct WorkersSpec {
  std::int64_t registered = 20000;
  double arrivals_per_day = 20.0;
  // Monthly household income below which a household is poor (0: not measured). Workers'
  // households have household_income plus what micro-work brings per month.
  double poverty_line = 0.0;
  std::vector<WorkerGroupSpec> groups{WorkerGroupSpec{}};
  WorkerBehaviourSpec behaviour;
};

struct RequesterTypeSpec {
  std::string name = "academic";
  double share = 1.0;
  double batches_per_week = 1.0;  // for a requester of average activity
  LogNormalSpec assignments_per_group{20.0, 1.2};
  LogNormalSpec task_minutes{4.0, 0.8};         // true median task time
  LogNormalSpec duration_optimism{1.2, 0.2};    // true / estimated duration
  LogNormalSpec intended_hourly_pay{6.0, 0.6};  // currency per hour of estimated time
  LogNormalSpec review_delay_hours{24.0, 1.0};
  LogNormalSpec group_lifetime_hours{48.0, 0.8};
  double quality_check_accuracy = 0.9;   // chance a bad submission is caught
  double opportunistic_rejection = 0.0;  // share of good work rejected to keep it unpaid
  double qualification_share = 0.1;      // groups that need a qualification test
  double min_approval_rate = 0.95;       // for groups with approval thresholds
  std::int64_t min_approved_count = 100;
  double threshold_share = 0.3;  // groups with approval-rate/count thresholds
};

struct RequestersSpec {
  std::int64_t count = 1000;
  double activity_pareto_alpha = 1.2;      // heavier tail as alpha falls towards 1
  double price_elasticity = 0.5;           // volume ~ (cost / cost without regulation)^-elasticity
  double platform_switch_threshold = 0.2;  // move when another platform is this much cheaper
  std::vector<RequesterTypeSpec> types{RequesterTypeSpec{}};
};

struct FeeSpec {
  double rate = 0.20;
  double large_batch_rate = 0.40;
  std::int64_t large_batch_threshold = 10;  // assignments per group
  double minimum = 0.01;                    // currency per assignment
};

struct FraudDetectionSpec {
  bool enabled = true;
  double false_positive_per_worker_year = 0.02;  // for an active full-time worker
  double approval_rate_threshold = 0.85;         // below it, a worker is flagged
  double detection_per_day = 0.2;                // chance a low-rate worker is flagged each day
};

struct EmploymentIndicatorsSpec {  // EU directive 2024/2831 control indicators
  bool sets_pay = false;
  bool controls_via_ratings = true;
  bool supervises_algorithmically = true;
  bool restricts_choice_of_work = false;
  bool restricts_outside_work = false;
};

// Every rule is off unless enabled; each has its parameters.
struct MinimumWageRule {
  bool enabled = false;
  double hourly = 8.0;
  bool top_up = true;              // ex post, on the measured median time
  bool count_search_time = false;  // floor also covers search time per task
  double search_minutes_per_task = 2.0;
};
struct RejectionRule {
  bool enabled = false;
  bool justification_required = true;
  double justification_deterrence = 0.8;  // share of opportunistic rejection that stops
  double max_rejection_share = 1.0;       // cap on a requester's share of rejected submissions
  double pay_share_on_reject = 0.0;       // share of the reward due on rejected work
  bool appeal = true;
  double appeal_success = 0.7;  // for work that met the quality bar
  double appeal_delay_days = 7.0;
  bool fee_refunded = true;
};
struct DueProcessRule {
  bool enabled = false;
  double notice_days = 7.0;
  double human_review_accuracy = 0.9;  // chance a false flag is cleared
  double appeal_success = 0.5;
  double appeal_delay_days = 14.0;
  bool pay_out_pending = true;
};
struct FeeCapRule {
  bool enabled = false;
  double max_rate = 0.15;
};
struct SocialContributionsRule {
  bool enabled = false;
  double rate = 0.10;
  ContributionPayer paid_by = ContributionPayer::platform;
};
struct PresumptionOfEmploymentRule {
  bool enabled = false;
  int indicators_required = 2;
  double hourly_wage = 8.0;
  double contribution_rate = 0.2;
};
struct TransparencyRule {
  bool enabled = false;
  double search_time_factor = 0.7;  // search minutes are divided by 1/factor
  double avoid_rejection_rate_above = 0.05;
};
struct PayoutRule {
  bool enabled = false;
  double max_review_days = 7.0;
  double max_minimum_withdrawal = 1.0;
  double max_payment_interval_days = 7.0;
};

struct RegulationSpec {
  MinimumWageRule minimum_wage;
  RejectionRule rejection;
  DueProcessRule due_process;
  FeeCapRule fee_cap;
  SocialContributionsRule social_contributions;
  PresumptionOfEmploymentRule presumption_of_employment;
  TransparencyRule transparency;
  PayoutRule payout;
};

struct PlatformSpec {
  std::string name = "mturk";
  double requester_share = 1.0;  // of requesters who start on this platform
  FeeSpec fee;
  ListingOrder listing = ListingOrder::newest;
  double minimum_reward = 0.01;
  double auto_approval_days = 3.0;
  double hold_days = 0.0;  // approved earnings held before they can be withdrawn
  double minimum_payout = 1.0;
  double payment_interval_days = 1.0;
  double rejection_reversal_days = 30.0;  // window in which a rejection can be overturned
  FraudDetectionSpec fraud_detection;
  SuspensionStyle suspension = SuspensionStyle::silent;
  EmploymentIndicatorsSpec employment_indicators;
  RegulationSpec regulation;  // global regulation with this platform's overrides applied
};

struct OutputSpec {
  std::int64_t interval_minutes = 60;
};

struct Scenario;

// A change of parameters during a run ("at day 30, the minimum wage applies"):
// the keys a person set, and the whole validated scenario that holds from then
// on. Agents keep the traits they were drawn with; new arrivals, new postings,
// platforms' terms and the rules follow the new scenario from that tick.
struct Intervention {
  std::int64_t at_minute = 0;  // from the start of the run; a multiple of tick_minutes
  std::string label;           // what it represents, for people
  std::vector<std::pair<std::string, std::string>> settings;  // key path -> value, as YAML text
  std::shared_ptr<const Scenario> after;  // this and every earlier intervention applied; no interventions
};

struct Scenario {
  std::string name = "baseline";
  std::string description;
  std::string currency = "USD";
  std::uint64_t seed = 42;
  double duration_days = 30.0;
  std::int64_t tick_minutes = 1;
  int start_weekday = 0;  // 0 = Monday at 00:00 UTC
  OutputSpec output;
  WorkersSpec workers;
  RequestersSpec requesters;
  std::vector<PlatformSpec> platforms{PlatformSpec{}};
  std::vector<Intervention> interventions;  // in time order

  std::int64_t total_ticks() const {
    return static_cast<std::int64_t>(duration_days * 1440.0) / tick_minutes;
  }
  std::int64_t ticks_per_day() const { return 1440 / tick_minutes; }
};

}  // namespace gigsim
