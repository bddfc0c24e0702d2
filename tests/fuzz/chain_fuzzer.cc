// Fuzzes the whole per-article path (decode → normalize → every registered
// stage) on arbitrary bytes. Invariants checked on every input:
//   - the processor returns (no crash, hang or sanitizer report);
//   - a published Enrichment has valid UTF-8 text and a language code;
//   - a rejected input names the step that rejected it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string_view>

#include "pipeline/chain.h"
#include "pipeline/processor.h"
#include "pipeline/registry.h"
#include "pipeline/text.h"

namespace {

struct Fixture {
  std::unique_ptr<wirelens::pipeline::Chain> chain;
  std::unique_ptr<wirelens::pipeline::ArticleProcessor> processor;
};

Fixture& Get() {
  static Fixture* fixture = [] {
    auto* f = new Fixture;
    wirelens::pipeline::StageRegistry registry;
    wirelens::pipeline::RegisterBuiltinStages(registry);
    wirelens::pipeline::StageConfig config;
    config.model_root = wirelens::pipeline::ResolveModelRoot("");
    auto chain = wirelens::pipeline::Chain::Create(registry, {}, config);
    if (!chain.ok()) {
      std::cerr << "chain_fuzzer: " << chain.status() << "\n";
      std::abort();
    }
    f->chain = *std::move(chain);
    wirelens::pipeline::ProcessorOptions options;
    options.decode.max_article_bytes = 256 * 1024;
    options.normalize.max_article_bytes = 256 * 1024;
    f->processor = std::make_unique<wirelens::pipeline::ArticleProcessor>(*f->chain, options);
    return f;
  }();
  return *fixture;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Fixture& f = Get();
  static thread_local wirelens::pipeline::ChainScratch scratch = f.chain->NewScratch();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  wirelens::pipeline::ProcessOutcome out =
      f.processor->Process(bytes, wirelens::pipeline::InputFormat::kAuto, "", scratch);
  if (out.status.ok()) {
    if (!wirelens::pipeline::IsValidUtf8(out.enrichment.headline()) ||
        !wirelens::pipeline::IsValidUtf8(out.enrichment.body())) {
      std::abort();
    }
    if (out.enrichment.language().code().empty()) std::abort();
  } else if (out.failed_stage.empty() || out.enrichment.errors_size() == 0) {
    std::abort();
  }
  return 0;
}
