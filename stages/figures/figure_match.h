// File: figure_match.h
//
// FigureMatch: one figure found in a text, before it becomes a v1::Figure.
//
// Every extractor of the figures stage (numbers and amounts in figures.h,
// dates and times in dates.h) appends FigureMatch values to a vector; the
// stage (figure_stage.h) then resolves overlaps, orders them and turns each
// into a v1::Figure with real Spans (SpanBuilder). Keeping the extractors'
// output a plain struct, rather than the proto, lets them run without a
// protobuf message per candidate and lets tests compare fields directly.
//
// Offsets are UTF-8 byte offsets, half-open [begin, end), into the text the
// extractor was given (one normalized field: the headline or the body).
// A FigureMatch owns all its strings, so it may outlive that text.
//
// Plain value type; no thread-safety concerns.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "wirelens/v1/enrichment.pb.h"

namespace wirelens::stages::figures {

struct FigureMatch {
  // The whole figure: [begin, end) covers the number, its magnitude word,
  // currency or unit, and any qualifier ("about $40 billion", "between 10 and
  // 20 km", "next Tuesday").
  uint32_t begin = 0;
  uint32_t end = 0;

  v1::FigureKind kind = v1::FIGURE_KIND_UNSPECIFIED;
  // Meaning as in v1::Figure: `value` for a single number (scaled by its
  // magnitude; durations in seconds), `low`/`high` for ranges (either may be
  // open). Dates leave all three unset.
  std::optional<double> value;
  std::optional<double> low;
  std::optional<double> high;
  // Canonical unit symbol for quantities ("km", "°C"); for durations the unit
  // as written ("weeks"); empty otherwise.
  std::string unit;
  v1::Dimension dimension = v1::DIMENSION_UNSPECIFIED;
  // ISO 4217 code for money ("USD"); empty otherwise.
  std::string currency;
  v1::Qualifier qualifier = v1::QUALIFIER_UNSPECIFIED;
  // The counted or measured noun phrase ("soldiers", "barrels of oil") as a
  // byte range of the same text; empty (noun_begin == noun_end) when none.
  uint32_t noun_begin = 0;
  uint32_t noun_end = 0;
  // For FIGURE_KIND_DATE / FIGURE_KIND_TIME: the resolution (dates.h).
  std::optional<v1::ResolvedDate> date;
  // For a relative ordinal ("next to last"): "end-1", "current+1", ... as in
  // v1::Figure.relative_position; empty otherwise.
  std::string_view relative_position;

  bool has_noun() const { return noun_end > noun_begin; }
  uint32_t size() const { return end - begin; }
};

}  // namespace wirelens::stages::figures
