#include "stages/entities/entity_stage.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "pipeline/strings.h"
#include "pipeline/text.h"
#include "pipeline/text_analysis.h"
#include "stages/entities/features.h"
#include "stages/entities/ner_model.h"
#include "stages/entities/ner_tags.h"
#include "stages/entities/resolution.h"

namespace wirelens::stages::entities {
namespace {

constexpr std::string_view kModelOption = "model";
constexpr std::string_view kEnglish = "en";

v1::EntityType ToProtoType(EntityType type) {
  switch (type) {
    case EntityType::kPer:
      return v1::ENTITY_TYPE_PERSON;
    case EntityType::kOrg:
      return v1::ENTITY_TYPE_ORGANIZATION;
    case EntityType::kLoc:
      return v1::ENTITY_TYPE_LOCATION;
    case EntityType::kMisc:
      return v1::ENTITY_TYPE_MISC;
    case EntityType::kNone:
      break;
  }
  return v1::ENTITY_TYPE_UNSPECIFIED;
}

// Per-thread memory: every vector keeps its capacity between articles.
class EntityScratch : public pipeline::StageScratch {
 public:
  NerScratch ner;
  ResolverScratch resolver;
  // The words of every sentence of the article, headline first.
  std::vector<std::string_view> words;
  std::vector<NerSentence> sentences;
  // Per sentence: the field analysis it belongs to and its first token.
  struct SentenceOrigin {
    const pipeline::FieldAnalysis* field;
    uint32_t token_begin;
    uint32_t token_end;
  };
  std::vector<SentenceOrigin> origins;
  std::vector<std::vector<NerTag>> tags;
  std::vector<Mention> sentence_mentions;
  std::vector<MentionInput> mentions;
  std::vector<ResolvedEntity> entities;
};

class EntityStage : public pipeline::Stage {
 public:
  explicit EntityStage(std::unique_ptr<NerModel> model)
      : model_(std::move(model)), info_{model_->name(), model_->version()} {}

  std::string_view name() const override { return kEntityStageName; }
  std::string_view output_field() const override { return "entities"; }
  pipeline::ModelInfo model() const override { return info_; }

  std::unique_ptr<pipeline::StageScratch> NewScratch() const override {
    return std::make_unique<EntityScratch>();
  }

  absl::Status Process(pipeline::StageContext& ctx) const override {
    v1::Enrichment& enrichment = ctx.enrichment;
    enrichment.clear_entities();
    if (enrichment.has_language() && !enrichment.language().code().empty() &&
        enrichment.language().code() != kEnglish) {
      ctx.skipped = absl::StrCat("no model for ", enrichment.language().code());
      return absl::OkStatus();
    }
    auto* scratch = dynamic_cast<EntityScratch*>(ctx.scratch);
    if (scratch != nullptr) {
      Run(ctx, scratch);
    } else {
      // A runner that did not call NewScratch(); correct, only slower.
      EntityScratch local;
      Run(ctx, &local);
    }
    return absl::OkStatus();
  }

 private:
  void Run(pipeline::StageContext& ctx, EntityScratch* s) const {
    const pipeline::TextAnalysis& analysis = pipeline::GetTextAnalysis(ctx);
    const pipeline::FieldAnalysis& headline = analysis.headline();
    const pipeline::FieldAnalysis& body = analysis.body();

    // 1. Sentences of words for the recognizer: the headline, then the body.
    s->words.clear();
    s->origins.clear();
    for (const pipeline::FieldAnalysis* field : {&headline, &body}) {
      for (const pipeline::Sentence& sentence : field->sentences) {
        if (sentence.token_begin == sentence.token_end) continue;
        s->origins.push_back({field, sentence.token_begin, sentence.token_end});
        for (const pipeline::Token& token : field->SentenceTokens(sentence)) {
          s->words.push_back(field->TokenText(token));
        }
      }
    }
    if (s->origins.empty()) return;
    s->sentences.clear();
    size_t offset = 0;
    for (const EntityScratch::SentenceOrigin& origin : s->origins) {
      const size_t count = origin.token_end - origin.token_begin;
      const absl::Span<const std::string_view> words(s->words.data() + offset, count);
      offset += count;
      // A title-case or all-caps headline carries no case signal; body
      // sentences are judged one by one (an ALL CAPS dateline or lead).
      const bool unreliable =
          origin.field == &headline ? headline.title_case : LooksCaseUnreliable(words);
      s->sentences.push_back({words, unreliable});
    }

    // 2. Tags, then mentions as byte ranges of their field.
    model_->TagDocument(s->sentences, &s->ner, &s->tags);
    s->mentions.clear();
    for (size_t i = 0; i < s->origins.size(); ++i) {
      const EntityScratch::SentenceOrigin& origin = s->origins[i];
      TagsToMentions(s->tags[i], &s->sentence_mentions);
      for (const Mention& m : s->sentence_mentions) {
        const v1::EntityType type = ToProtoType(m.type);
        if (type == v1::ENTITY_TYPE_UNSPECIFIED || m.begin >= m.end) continue;
        const std::vector<pipeline::Token>& tokens = origin.field->tokens;
        s->mentions.push_back({origin.field->field, tokens[origin.token_begin + m.begin].begin,
                               tokens[origin.token_begin + m.end - 1].end, type, m.confidence});
      }
    }

    // 3. Entities.
    const ResolverDocument doc{headline.text, body.text, headline.title_case};
    resolver_.Resolve(doc, s->mentions, &s->resolver, &s->entities);
    WriteEntities(doc, s->entities, &ctx.enrichment);
  }

  static void WriteEntities(const ResolverDocument& doc,
                            const std::vector<ResolvedEntity>& entities,
                            v1::Enrichment* enrichment) {
    pipeline::SpanBuilder headline_spans(v1::TEXT_FIELD_HEADLINE, doc.headline);
    pipeline::SpanBuilder body_spans(v1::TEXT_FIELD_BODY, doc.body);
    auto* out = enrichment->mutable_entities();
    out->Reserve(static_cast<int>(entities.size()));
    for (const ResolvedEntity& resolved : entities) {
      v1::Entity* entity = out->Add();
      entity->set_type(resolved.type);
      entity->set_canonical_name(resolved.canonical_name);
      entity->mutable_mentions()->Reserve(static_cast<int>(resolved.mentions.size()));
      for (const ResolvedMention& m : resolved.mentions) {
        const bool in_headline = m.field == v1::TEXT_FIELD_HEADLINE;
        const std::string_view text = in_headline ? doc.headline : doc.body;
        v1::Mention* mention = entity->add_mentions();
        *mention->mutable_span() =
            (in_headline ? headline_spans : body_spans).MakeSpan(m.begin, m.end);
        mention->set_text(std::string(text.substr(m.begin, m.end - m.begin)));
        mention->set_confidence(m.confidence);
      }
      entity->set_mention_count(static_cast<uint32_t>(resolved.mentions.size()));
      entity->set_salience(resolved.salience);
      entity->set_confidence(resolved.confidence);
      for (const std::string& alias : resolved.aliases) entity->add_aliases(alias);
    }
  }

  const std::unique_ptr<NerModel> model_;
  const pipeline::ModelInfo info_;
  const MentionResolver resolver_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<pipeline::Stage>> CreateEntityStage(
    const pipeline::StageConfig& config) {
  std::string path;
  for (const auto& [key, value] : config.options) {
    if (key != kModelOption) {
      return absl::InvalidArgumentError(
          absl::StrCat("entities stage: unknown option \"", key, "\" (known: model)"));
    }
    if (value.empty()) return absl::InvalidArgumentError("entities stage: option model is empty");
    path = value;
  }
  if (path.empty()) {
    path = config.model_root.empty() ? std::string(kNerModelPath)
                                     : absl::StrCat(config.model_root, "/", AsAbsl(kNerModelPath));
  }
  absl::StatusOr<std::unique_ptr<NerModel>> model = NerModel::Load(path);
  if (!model.ok()) {
    return absl::Status(model.status().code(),
                        absl::StrCat("entities stage: ", path, ": ", model.status().message()));
  }
  return std::make_unique<EntityStage>(*std::move(model));
}

}  // namespace wirelens::stages::entities
