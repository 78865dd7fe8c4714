// Each policy scenario moves the market the way its rule should, against the
// calibrated baseline on the same seed (label `validation`). Runs at a reduced
// size (5,000 workers, 20 days): the directions, not the levels, are checked.
#include <catch2/catch.hpp>

#include <cstdio>
#include <iostream>
#include <map>

#include "io/scenario_loader.hpp"
#include "market/simulation.hpp"
#include "market/world.hpp"

using namespace gigsim;

namespace {
const std::vector<std::string> kReduced = {"workers.registered=5000", "requesters.count=300",
                                           "duration_days=20", "output.interval_minutes=1440"};

struct Outcome {
  RunSummary summary;
  Ledger ledger;
  double thief_share = 0;  // share of reviewed work done for opportunistic requesters
  std::int64_t search_minutes = 0;
  double paid_hourly = 0;  // all workers' earnings over all their approved hours
};

Outcome run(const std::string& file) {
  const Scenario s = load_scenario_file(std::string(GIGSIM_TEST_DATA) + "/../scenarios/" + file, kReduced);
  Simulation sim(s, RunOptions{2, true, false});
  sim.run();
  Outcome o{sim.summary(), sim.world().ledger(), 0};
  const RequesterTable& r = sim.world().requesters();
  double thief = 0, all = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    all += static_cast<double>(r.record[i].reviewed);
    if (s.requesters.types[r.type[i]].opportunistic_rejection > 0)
      thief += static_cast<double>(r.record[i].reviewed);
  }
  o.thief_share = all > 0 ? thief / all : 0;
  const WorkerTable& w = sim.world().workers();
  double earned = 0, paid_minutes = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    o.search_minutes += w.minutes_search(i);
    earned += to_units(w.account[i].earned);
    paid_minutes += static_cast<double>(w.account[i].minutes_paid);
  }
  o.paid_hourly = paid_minutes > 0 ? earned / paid_minutes * 60.0 : 0;
  return o;
}

const Outcome& baseline() {
  static const Outcome b = run("amt_2018.yaml");
  return b;
}

void print_row(const char* policy, const char* metric, double base, double with) {
  std::printf("| %-26s | %-38s | %12.4g | %12.4g |\n", policy, metric, base, with);
}
}  // namespace

TEST_CASE("minimum wage: higher wages for those who work, fewer tasks posted", "[validation][policy]") {
  const Outcome& b = baseline();
  const Outcome p = run("policies/minimum_wage.yaml");
  print_row("minimum_wage", "median wage with unpaid time ($/h)", b.summary.median_wage_with_unpaid,
            p.summary.median_wage_with_unpaid);
  print_row("minimum_wage", "assignments posted", double(b.ledger.tasks.posted),
            double(p.ledger.tasks.posted));
  CHECK(p.summary.median_wage_with_unpaid > b.summary.median_wage_with_unpaid);
  CHECK(p.summary.median_wage_without_unpaid > b.summary.median_wage_without_unpaid);
  CHECK(p.ledger.tasks.posted < b.ledger.tasks.posted);
}

TEST_CASE("justified rejection: fewer rejections, appeals won", "[validation][policy]") {
  const Outcome& b = baseline();
  const Outcome p = run("policies/justified_rejection.yaml");
  print_row("justified_rejection", "rejection rate", b.summary.rejection_rate, p.summary.rejection_rate);
  CHECK(p.summary.rejection_rate < b.summary.rejection_rate);
  CHECK(p.ledger.tasks.overturned > 0);
  CHECK(b.ledger.tasks.overturned == 0);
}

TEST_CASE("due process: suspensions no longer forfeit earnings", "[validation][policy]") {
  const Outcome& b = baseline();
  const Outcome p = run("policies/due_process.yaml");
  print_row("due_process", "forfeited by suspension ($)", to_units(b.ledger.money.forfeited_by_suspension),
            to_units(p.ledger.money.forfeited_by_suspension));
  print_row("due_process", "suspensions", double(b.summary.suspensions), double(p.summary.suspensions));
  CHECK(b.ledger.money.forfeited_by_suspension > 0);
  CHECK(p.ledger.money.forfeited_by_suspension == 0);
  // What is still forfeited is balances under the minimum payout left by workers who quit.
  CHECK(p.summary.forfeited < b.summary.forfeited);
}

TEST_CASE("fee cap: the platform takes a smaller share of requesters' spending", "[validation][policy]") {
  const Outcome& b = baseline();
  const Outcome p = run("policies/fee_cap.yaml");
  const double base_share = double(b.summary.platform_fees) / double(b.summary.requester_spend);
  const double cap_share = double(p.summary.platform_fees) / double(p.summary.requester_spend);
  print_row("fee_cap", "platform fees / requester spend", base_share, cap_share);
  CHECK(cap_share < base_share);
}

TEST_CASE("social contributions: money reaches the fund", "[validation][policy]") {
  const Outcome& b = baseline();
  const Outcome p = run("policies/social_contributions.yaml");
  print_row("social_contributions", "social contributions ($)", to_units(b.summary.social_contributions),
            to_units(p.summary.social_contributions));
  CHECK(b.summary.social_contributions == 0);
  CHECK(p.summary.social_contributions > 0);
}

TEST_CASE("presumption of employment: platforms top up to the minimum wage", "[validation][policy]") {
  const Outcome& b = baseline();
  const Outcome p = run("policies/presumption_of_employment.yaml");
  print_row("presumption_of_employment", "median wage with unpaid time ($/h)",
            b.summary.median_wage_with_unpaid, p.summary.median_wage_with_unpaid);
  print_row("presumption_of_employment", "platform net fees ($)", to_units(b.summary.platform_fees),
            to_units(p.summary.platform_fees));
  CHECK(p.ledger.money.employment_top_up > 0);
  CHECK(p.summary.median_wage_with_unpaid > b.summary.median_wage_with_unpaid);
  CHECK(p.summary.platform_fees < b.summary.platform_fees);
}

TEST_CASE("transparency: better-paid picks, fewer tasks given back", "[validation][policy]") {
  // Workers judge tasks on what requesters really paid (announced durations are optimistic)
  // and avoid those who reject much. In this calibrated market they become pickier: search
  // per task does not fall (docs/calibration.md), but what they take pays better per hour:
  // the pay per approved hour of all the work done rises. (The median worker's does not move
  // beyond the draws' noise at this size: with seeds 1 to 6 it fell in three.)
  const Outcome& b = baseline();
  const Outcome p = run("policies/transparency.yaml");
  const double base_search = double(b.search_minutes) / double(b.summary.tasks_submitted);
  const double with_search = double(p.search_minutes) / double(p.summary.tasks_submitted);
  const double base_returned = double(b.ledger.tasks.returned) / double(b.ledger.tasks.accepted);
  const double with_returned = double(p.ledger.tasks.returned) / double(p.ledger.tasks.accepted);
  print_row("transparency", "pay per approved hour, all work ($/h)", b.paid_hourly, p.paid_hourly);
  print_row("transparency", "median wage, paid time only ($/h)", b.summary.median_wage_without_unpaid,
            p.summary.median_wage_without_unpaid);
  print_row("transparency", "started tasks given back", base_returned, with_returned);
  print_row("transparency", "search minutes per submitted task", base_search, with_search);
  print_row("transparency", "share of work for wage thieves", b.thief_share, p.thief_share);
  CHECK(p.paid_hourly > b.paid_hourly);
  CHECK(with_returned < base_returned);
}

TEST_CASE("all rules: higher wages, nothing lost to suspension", "[validation][policy]") {
  const Outcome& b = baseline();
  const Outcome p = run("policies/all_rules.yaml");
  print_row("all_rules", "median wage with unpaid time ($/h)", b.summary.median_wage_with_unpaid,
            p.summary.median_wage_with_unpaid);
  print_row("all_rules", "forfeited by suspension ($)", to_units(b.ledger.money.forfeited_by_suspension),
            to_units(p.ledger.money.forfeited_by_suspension));
  CHECK(p.summary.median_wage_with_unpaid > b.summary.median_wage_with_unpaid);
  CHECK(p.ledger.money.forfeited_by_suspension == 0);
}
