#include "stages/entities/conll.h"

#include <istream>
#include <ostream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "pipeline/check.h"

namespace wirelens::stages::entities {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

}  // namespace

absl::StatusOr<std::vector<ConllSentence>> ReadConll(std::istream& in) {
  std::vector<ConllSentence> sentences;
  ConllSentence current;
  auto flush = [&] {
    if (!current.lines.empty()) sentences.push_back(std::move(current));
    current = ConllSentence();
  };
  std::string line;
  size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t end = line.size();
    while (end > 0 && IsSpace(line[end - 1])) --end;
    if (end == 0) {
      flush();
      continue;
    }
    if (IsSpace(line[0])) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line_number, ": starts with whitespace (empty token column)"));
    }
    size_t first_end = 0;
    while (first_end < end && !IsSpace(line[first_end])) ++first_end;
    std::string word = line.substr(0, first_end);
    size_t last_begin = end;
    while (last_begin > 0 && !IsSpace(line[last_begin - 1])) --last_begin;
    std::string tag = last_begin > first_end ? line.substr(last_begin, end - last_begin) : "";
    if (word == "-DOCSTART-") {
      flush();
      current.docstart = true;
      current.lines.push_back(std::move(line));
      current.words.push_back(std::move(word));
      current.tags.push_back(std::move(tag));
      flush();
      continue;
    }
    current.lines.push_back(std::move(line));
    current.words.push_back(std::move(word));
    current.tags.push_back(std::move(tag));
  }
  flush();
  return sentences;
}

std::vector<std::pair<size_t, size_t>> ConllDocuments(
    absl::Span<const ConllSentence> sentences) {
  std::vector<std::pair<size_t, size_t>> documents;
  size_t begin = 0;
  for (size_t i = 0; i <= sentences.size(); ++i) {
    if (i == sentences.size() || sentences[i].docstart) {
      if (i > begin) documents.emplace_back(begin, i);
      begin = i + 1;
    }
  }
  return documents;
}

absl::StatusOr<std::vector<NerTag>> GoldTags(const ConllSentence& sentence,
                                              bool unknown_as_outside) {
  std::vector<NerTag> tags;
  tags.reserve(sentence.tags.size());
  for (size_t i = 0; i < sentence.tags.size(); ++i) {
    if (sentence.tags[i].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("token '", sentence.words[i], "' has no tag column"));
    }
    absl::StatusOr<NerTag> tag = ParseBioTag(sentence.tags[i]);
    if (!tag.ok()) {
      const std::string& t = sentence.tags[i];
      const bool well_formed = t.size() > 2 && (t[0] == 'B' || t[0] == 'I') && t[1] == '-';
      if (!unknown_as_outside || !well_formed) return tag.status();
      tag = NerTag();
    }
    tags.push_back(*tag);
  }
  return tags;
}

void WriteConllSentence(const ConllSentence& sentence, absl::Span<const NerTag> predicted,
                        std::ostream& out) {
  WL_CHECK(sentence.docstart || predicted.size() == sentence.lines.size())
      << "one predicted tag per token";
  for (size_t i = 0; i < sentence.lines.size(); ++i) {
    const std::string& line = sentence.lines[i];
    const char separator = line.find('\t') != std::string::npos ? '\t' : ' ';
    out << line << separator << (sentence.docstart ? "O" : BioString(predicted[i])) << '\n';
  }
  out << '\n';
}

}  // namespace wirelens::stages::entities
