#include "rules/employment.hpp"

namespace gigsim {

int employment_indicators_met(const EmploymentIndicatorsSpec& i) {
  return int(i.sets_pay) + int(i.controls_via_ratings) + int(i.supervises_algorithmically) +
         int(i.restricts_choice_of_work) + int(i.restricts_outside_work);
}

bool employment_presumed(const PlatformSpec& p) {
  const auto& rule = p.regulation.presumption_of_employment;
  return rule.enabled && employment_indicators_met(p.employment_indicators) >= rule.indicators_required;
}

}  // namespace gigsim
