#include "strings.hpp"

#include <unordered_map>

namespace gigsim::viz {

const std::vector<Text>& text_table() {
  static const std::vector<Text> table = {
      // Window and controls
      {"app.title", "gigsim: live view of a micro-work market",
       "gigsim : un marché du micro-travail en direct"},
      {"controls", "Simulation", "Simulation"},
      {"scenario", "Scenario", "Scénario"},
      {"seed", "Seed", "Graine"},
      {"seed.tip", "The random draws of the run: the same seed gives the same run.",
       "Les tirages au hasard de la simulation : la même graine donne la même simulation."},
      {"reset", "Reset", "Réinitialiser"},
      {"reset.tip", "Start again from the chosen scenario and seed (the changes made are forgotten).",
       "Repartir du scénario et de la graine choisis (les changements effectués sont oubliés)."},
      {"play", "Play (space)", "Lecture (espace)"},
      {"pause", "Pause (space)", "Pause (espace)"},
      {"step.tick", "+1 minute", "+1 minute"},
      {"step.hour", "+1 hour", "+1 heure"},
      {"step.day", "+1 day", "+1 jour"},
      {"speed", "Speed (simulated minutes per second)", "Vitesse (minutes simulées par seconde)"},
      {"speed.tip",
       "How much market time passes each second on screen; at the far right, as fast as possible.",
       "Le temps de marché qui passe à chaque seconde à l'écran ; tout à droite, aussi vite que possible."},
      {"speed.max", "as fast as possible", "aussi vite que possible"},
      {"clock", "Day %d, %02d:%02d (of %d days)", "Jour %d, %02d h %02d (sur %d jours)"},
      {"finished", "The run has ended.", "La simulation est terminée."},
      {"loading", "Loading the scenario…", "Chargement du scénario…"},
      {"preparing", "Preparing the market…", "Préparation du marché…"},
      {"not_applied", "Not applied: %s", "Non appliqué : %s"},
      // Levers
      {"levers", "Rules and market (change them while it runs)",
       "Règles et marché (à changer pendant la simulation)"},
      {"lever.minimum_wage", "Minimum wage", "Salaire minimum"},
      {"lever.minimum_wage.tip",
       "Every task must pay at least this per hour of its expected time (like Prolific's minimum pay).",
       "Chaque tâche doit payer au moins ce montant par heure de travail prévue (comme le minimum de "
       "Prolific)."},
      {"lever.minimum_wage_hourly", "Minimum hourly pay", "Salaire horaire minimum"},
      {"lever.minimum_wage_hourly.tip",
       "The floor, in the scenario's currency per hour (US federal minimum: 7.25).",
       "Le plancher, dans la monnaie du scénario, par heure (minimum fédéral des États-Unis : 7,25)."},
      {"lever.rejection", "Justified rejection", "Rejets justifiés"},
      {"lever.rejection.tip",
       "A rejected task needs a reason and can be appealed; most rejections of good work stop.",
       "Un rejet doit être motivé et peut être contesté ; la plupart des rejets de travail correct cessent."},
      {"lever.due_process", "Due process before blocking", "Pas de blocage sans recours"},
      {"lever.due_process.tip",
       "Notice, human review and appeal before an account is blocked; earnings are paid out, not kept.",
       "Préavis, examen humain et recours avant un blocage ; les gains sont versés, pas confisqués."},
      {"lever.fee_cap", "Cap on the commission", "Plafond de la commission"},
      {"lever.fee_cap.tip", "The platform may not take more than this share of each reward.",
       "La plateforme ne peut pas prendre plus que cette part de chaque rémunération."},
      {"lever.fee_cap_rate", "Highest commission", "Commission maximale"},
      {"lever.fee_cap_rate.tip", "Share of the reward (0.15 = 15%).",
       "Part de la rémunération (0,15 = 15 %)."},
      {"lever.social", "Social contributions", "Cotisations sociales"},
      {"lever.social.tip",
       "The platform pays a share of workers' pay into a social-protection fund (sickness, accidents, "
       "pension).",
       "La plateforme verse une part de la paie à une caisse de protection sociale (maladie, accidents, "
       "retraite)."},
      {"lever.employment", "Presumption of employment", "Présomption de salariat"},
      {"lever.employment.tip",
       "When the platform controls the work, workers are presumed employees: minimum wage on hours logged.",
       "Quand la plateforme contrôle le travail, les travailleurs sont présumés salariés : salaire minimum "
       "sur les heures."},
      {"lever.transparency", "Transparency", "Transparence"},
      {"lever.transparency.tip",
       "Workers see each requester's real hourly pay and rejection rate before taking a task.",
       "Les travailleurs voient le vrai salaire horaire et le taux de rejet de chaque demandeur avant "
       "d'accepter."},
      {"lever.fee_rate", "Platform commission", "Commission de la plateforme"},
      {"lever.fee_rate.tip", "Share of each reward the platform charges the requester (Amazon: 20%).",
       "Part de chaque rémunération facturée au demandeur par la plateforme (Amazon : 20 %)."},
      {"lever.arrivals", "New workers per day", "Nouveaux travailleurs par jour"},
      {"lever.arrivals.tip", "People who sign up each day (the number registered at the start is fixed).",
       "Personnes qui s'inscrivent chaque jour (le nombre d'inscrits au départ est fixe)."},
      {"lever.opportunistic", "Opportunistic rejection", "Rejets opportunistes"},
      {"lever.opportunistic.tip",
       "Share of good work this type of requester rejects to keep it without paying (\"wage theft\").",
       "Part du travail correct que ce type de demandeur rejette pour le garder sans payer (« vol de salaire "
       "»)."},
      {"lever.mix", "Requester mix (batches per week, per type)",
       "Mélange des demandeurs (lots par semaine, par type)"},
      {"lever.mix.tip",
       "How often a requester of each type posts a batch of tasks: moving one type's slider changes the "
       "share of the work that type posts (the number of requesters of each type is fixed).",
       "La fréquence à laquelle un demandeur de chaque type publie un lot de tâches : déplacer le curseur "
       "d'un type change la part du travail que ce type publie (le nombre de demandeurs de chaque type est "
       "fixe)."},
      {"lever.mix.share", "%s: posts about %.0f%% of the work", "%s : publie environ %.0f %% du travail"},
      {"lever.mix.change", "Batches per week (%s): %s", "Lots par semaine (%s) : %s"},
      {"requester_type", "Requester type", "Type de demandeur"},
      {"on", "on", "oui"},
      {"off", "off", "non"},
      {"export", "Export this session", "Exporter cette séance"},
      {"export.tip", "Writes a scenario file with every change made; `gigsim run FILE` replays the session.",
       "Écrit un fichier de scénario avec tous les changements ; `gigsim run FICHIER` rejoue la séance."},
      {"exported", "Written: %s", "Écrit : %s"},
      {"export.failed", "Could not write %s", "Impossible d'écrire %s"},
      {"changes", "Changes made", "Changements effectués"},
      {"changes.none", "none yet", "aucun pour l'instant"},
      {"change.at", "day %.2f: %s", "jour %.2f : %s"},
      // Presets and display
      {"presets", "Presets (one click)", "Préréglages (un clic)"},
      {"preset.amt", "Mechanical Turk 2018", "Mechanical Turk 2018"},
      {"preset.amt.text",
       "Amazon's market as researchers measured it: no rules at all. Half the workers earn under $2 an hour "
       "once "
       "unpaid time is counted.",
       "Le marché d'Amazon tel que les chercheurs l'ont mesuré : aucune règle. La moitié des travailleurs "
       "gagne "
       "moins de 2 $ de l'heure une fois le temps non payé compté."},
      {"preset.minimum_wage", "Minimum wage", "Salaire minimum"},
      {"preset.minimum_wage.text",
       "Every task must pay $8 per hour of its expected time. Watch the wage line rise, and the number of "
       "tasks.",
       "Chaque tâche doit payer 8 $ par heure de travail prévue. Observez la courbe des salaires monter, et "
       "le "
       "nombre de tâches."},
      {"preset.justified", "Justified rejections", "Rejets justifiés"},
      {"preset.justified.text",
       "A rejection needs a reason and can be appealed. Less work is rejected and kept unpaid.",
       "Un rejet doit être motivé et peut être contesté. Moins de travail est rejeté et gardé sans être "
       "payé."},
      {"preset.due_process", "No blocking without appeal", "Pas de blocage sans recours"},
      {"preset.due_process.text",
       "An account is blocked only after notice, human review and appeal. Blocked workers keep their "
       "earnings.",
       "Un compte n'est bloqué qu'après préavis, examen humain et recours. Les travailleurs bloqués gardent "
       "leurs "
       "gains."},
      {"preset.all_rules", "Every rule at once", "Toutes les règles"},
      {"preset.all_rules.text",
       "All the rules together. Compare who gets the requester's dollar with the Mechanical Turk preset.",
       "Toutes les règles ensemble. Comparez à qui va le dollar du demandeur avec le préréglage Mechanical "
       "Turk."},
      {"preset.before_after", "Before and after (day 15)", "Avant / après (jour 15)"},
      {"preset.before_after.text",
       "No rules for 15 days, then a minimum wage. The break in the curves is the rule taking effect.",
       "Pas de règle pendant 15 jours, puis un salaire minimum. La cassure des courbes est l'effet de la "
       "règle."},
      {"display", "Display", "Affichage"},
      {"language", "Language", "Langue"},
      {"font_scale", "Text size", "Taille du texte"},
      {"fullscreen", "Fullscreen (F11)", "Plein écran (F11)"},
      // Plots
      {"plot.active", "Workers online", "Travailleurs en ligne"},
      {"plot.tasks", "Tasks submitted per hour", "Tâches rendues par heure"},
      {"plot.wage", "Median effective hourly wage", "Salaire horaire effectif médian"},
      {"wage.with", "counting unpaid time", "en comptant le temps non payé"},
      {"wage.without", "paid time only", "temps payé seulement"},
      {"wage.minimum", "minimum wage", "salaire minimum"},
      {"plot.histogram", "Effective hourly wages of the workers",
       "Salaires horaires effectifs des travailleurs"},
      {"plot.lorenz", "Who earns what: Lorenz curve", "Qui gagne quoi : courbe de Lorenz"},
      {"lorenz.tip", "The further the curve sags below the diagonal, the more unequal the earnings.",
       "Plus la courbe s'écarte sous la diagonale, plus les gains sont inégaux."},
      {"gini", "Gini index: %.2f", "Indice de Gini : %.2f"},
      {"plot.time", "Where workers' time goes", "Où passe le temps des travailleurs"},
      {"time.paid", "paid work", "travail payé"},
      {"time.search", "searching (unpaid)", "recherche (non payée)"},
      {"time.rejected", "rejected work (unpaid)", "travail rejeté (non payé)"},
      {"time.returned", "returned tasks (unpaid)", "tâches rendues inachevées (non payées)"},
      {"plot.dollar", "Where the requester's dollar goes", "Où va le dollar du demandeur"},
      {"dollar.worker", "workers", "travailleurs"},
      {"dollar.platform", "platform", "plateforme"},
      {"dollar.fund", "social fund", "caisse sociale"},
      {"dollar.forfeited", "forfeited", "confisqué"},
      {"dollar.pending", "not paid yet", "pas encore payé"},
      {"no_data", "Waiting for the first hour of the run…", "En attente de la première heure…"},
      {"per_hour", "%.2f %s/h", "%.2f %s/h"},
      // Population
      {"population", "Workers (one dot each; hover for a card, click to follow)",
       "Travailleurs (un point chacun ; survoler pour la fiche, cliquer pour suivre)"},
      {"population.sample", "a sample of %d of %d workers", "un échantillon de %d sur %d travailleurs"},
      {"state.offline", "offline", "hors ligne"},
      {"state.searching", "searching", "en recherche"},
      {"state.working", "working", "au travail"},
      {"state.qualifying", "in a qualification test", "en test de qualification"},
      {"state.suspended", "blocked", "bloqué"},
      {"state.exited", "gone", "parti"},
      {"card.worker", "Worker %d (%s)", "Travailleur %d (%s)"},
      {"card.state", "State: %s", "État : %s"},
      {"card.skill", "Skill: %.2f", "Compétence : %.2f"},
      {"card.earned", "Earned: %.2f %s", "Gagné : %.2f %s"},
      {"card.wage", "Effective wage: %.2f %s/h", "Salaire effectif : %.2f %s/h"},
      {"card.tasks", "Tasks submitted: %lld, rejected: %lld", "Tâches rendues : %lld, rejetées : %lld"},
      {"card.unpaid", "Unpaid minutes: %lld (paid: %lld)", "Minutes non payées : %lld (payées : %lld)"},
      {"card.forfeited", "Forfeited when blocked: %.2f %s", "Confisqué au blocage : %.2f %s"},
      {"follow", "Followed worker", "Travailleur suivi"},
      {"follow.stop", "Stop following", "Ne plus suivre"},
      {"follow.earned", "earnings over time", "gains au fil du temps"},
  };
  return table;
}

const char* tr(std::string_view id, Lang lang) {
  static const std::unordered_map<std::string_view, const Text*> index = [] {
    std::unordered_map<std::string_view, const Text*> m;
    for (const Text& t : text_table()) m.emplace(t.id, &t);
    return m;
  }();
  const auto it = index.find(id);
  if (it == index.end()) return id.data();
  return lang == Lang::fr ? it->second->fr : it->second->en;
}

const std::vector<Lever>& levers() {
  static const std::vector<Lever> list = {
      {"lever.minimum_wage",
       "platforms[0].regulation.minimum_wage.enabled",
       {"regulation.minimum_wage.enabled"},
       true},
      {"lever.minimum_wage_hourly",
       "platforms[0].regulation.minimum_wage.hourly",
       {"regulation.minimum_wage.hourly"},
       false,
       0,
       20,
       "%.2f",
       "lever.minimum_wage"},
      {"lever.rejection",
       "platforms[0].regulation.rejection.enabled",
       {"regulation.rejection.enabled"},
       true},
      {"lever.due_process",
       "platforms[0].regulation.due_process.enabled",
       {"regulation.due_process.enabled"},
       true},
      {"lever.fee_cap", "platforms[0].regulation.fee_cap.enabled", {"regulation.fee_cap.enabled"}, true},
      {"lever.fee_cap_rate",
       "platforms[0].regulation.fee_cap.max_rate",
       {"regulation.fee_cap.max_rate"},
       false,
       0,
       0.5,
       "%.2f",
       "lever.fee_cap"},
      {"lever.social",
       "platforms[0].regulation.social_contributions.enabled",
       {"regulation.social_contributions.enabled"},
       true},
      {"lever.employment",
       "platforms[0].regulation.presumption_of_employment.enabled",
       {"regulation.presumption_of_employment.enabled"},
       true},
      {"lever.transparency",
       "platforms[0].regulation.transparency.enabled",
       {"regulation.transparency.enabled"},
       true},
      {"lever.fee_rate", "platforms[0].fee.rate", {"platforms[{p}].fee.rate"}, false, 0, 0.6, "%.2f"},
      {"lever.arrivals", "workers.arrivals_per_day", {"workers.arrivals_per_day"}, false, 0, 1000, "%.0f"},
      {"lever.opportunistic",
       "requesters.types[{t}].opportunistic_rejection",
       {"requesters.types[{t}].opportunistic_rejection"},
       false,
       0,
       1,
       "%.2f"},
      // One slider per requester type (the view draws it for every type, {t} = that type).
      {"lever.mix",
       "requesters.types[{t}].batches_per_week",
       {"requesters.types[{t}].batches_per_week"},
       false,
       0,
       10,
       "%.2f"},
  };
  return list;
}

namespace {
std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}
}  // namespace

std::string lever_read_key(const Lever& lever, std::size_t type) {
  return replace_all(lever.read_key, "{t}", std::to_string(type));
}

std::vector<std::pair<std::string, std::string>> lever_settings(const Lever& lever, const std::string& value,
                                                                std::size_t platforms, std::size_t type) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const char* key : lever.set_keys) {
    const std::string k = replace_all(key, "{t}", std::to_string(type));
    if (k.find("{p}") == std::string::npos) {
      out.emplace_back(k, value);
    } else {
      for (std::size_t p = 0; p < platforms; ++p)
        out.emplace_back(replace_all(k, "{p}", std::to_string(p)), value);
    }
  }
  return out;
}

const std::vector<Preset>& presets() {
  static const std::vector<Preset> list = {
      {"preset.amt", "scenarios/amt_2018.yaml"},
      {"preset.minimum_wage", "scenarios/policies/minimum_wage.yaml"},
      {"preset.justified", "scenarios/policies/justified_rejection.yaml"},
      {"preset.due_process", "scenarios/policies/due_process.yaml"},
      {"preset.all_rules", "scenarios/policies/all_rules.yaml"},
      {"preset.before_after", "scenarios/policies/minimum_wage_at_day_15.yaml"},
  };
  return list;
}

}  // namespace gigsim::viz
