// The stages built into the wirelens binary, in default chain order.
// Adding a stage: a new folder under stages/ plus one line here.
#include "pipeline/registry.h"
#include "stages/entities/entity_stage.h"
#include "stages/entities/ner_commands.h"
#include "stages/figures/figure_stage.h"
#include "stages/language/language_stage.h"

namespace wirelens::pipeline {

void RegisterBuiltinStages(StageRegistry& registry) {
  // Registration of a fixed list cannot fail except through a programming
  // error (a duplicate name), which the tests catch.
  (void)registry.Register(std::string(stages::language::kStageName),
                          "ISO 639-1 language, script and runners-up (CLD2 + n-gram model)",
                          stages::language::CreateLanguageStage);
  (void)registry.Register(std::string(stages::entities::kEntityStageName),
                          "people, organisations, places and other names, grouped into "
                          "entities with salience (English; own NER model)",
                          stages::entities::CreateEntityStage);
  stages::entities::RegisterEntityCommands(registry);
  (void)registry.Register(std::string(stages::figures::kFigureStageName),
                          "counts, ordinals, money, percentages, quantities, ages, durations, "
                          "dates and times, with values, units and qualifiers (rules)",
                          stages::figures::CreateFigureStage);
}

}  // namespace wirelens::pipeline
