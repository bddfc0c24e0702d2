// File: demo_samples.h
//
// The sample articles of tests/data/articles/, compiled into the binary by
// a build step (pipeline/demo_embed.cmake), so `wirelens demo` needs no
// files at run time and works from any directory or inside a container.
#pragma once

#include <span>
#include <string_view>

namespace wirelens::pipeline {

struct EmbeddedFile {
  std::string_view name;  // file name, e.g. "wire.jsonl"
  std::string_view data;  // its bytes, exactly as in the source tree
};

// Every sample file, sorted by name. Static data: valid for the whole
// process, safe from any thread.
std::span<const EmbeddedFile> DemoSampleFiles();

}  // namespace wirelens::pipeline
