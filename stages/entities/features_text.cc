#include "stages/entities/features_text.h"

namespace wirelens::stages::entities {
namespace {

bool IsAsciiUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiLower(unsigned char c) { return c >= 'a' && c <= 'z'; }

// Latin-1 supplement letters in UTF-8: 0xC3 followed by 0x80..0xBF. Upper are
// 0x80..0x9E except 0x97 (multiplication sign); lower 0xA0..0xBE except 0xB7.
bool IsLatin1Upper(unsigned char lead, unsigned char next) {
  return lead == 0xC3 && next >= 0x80 && next <= 0x9E && next != 0x97;
}
bool IsLatin1Lower(unsigned char lead, unsigned char next) {
  return lead == 0xC3 && next >= 0xA0 && next <= 0xBE && next != 0xB7;
}

// Calls visit(is_upper, is_lower, byte_length) for each character.
template <typename Visit>
void ForEachChar(std::string_view word, Visit visit) {
  for (size_t i = 0; i < word.size();) {
    const auto c = static_cast<unsigned char>(word[i]);
    if (c < 0x80) {
      visit(IsAsciiUpper(c), IsAsciiLower(c), size_t{1});
      ++i;
      continue;
    }
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (i + len > word.size()) len = word.size() - i;
    const auto next = len > 1 ? static_cast<unsigned char>(word[i + 1]) : 0;
    visit(IsLatin1Upper(c, next), IsLatin1Lower(c, next) || (len > 1 && c != 0xC3 && c != 0xE2),
          len);
    i += len;
  }
}

}  // namespace

CasePattern GetCasePattern(std::string_view word) {
  int upper = 0, lower = 0;
  bool first_upper = false, rest_has_upper = false;
  ForEachChar(word, [&](bool is_upper, bool is_lower, size_t) {
    if (is_upper) {
      ++upper;
      if (upper + lower == 1) first_upper = true;
      else rest_has_upper = true;
    } else if (is_lower) {
      ++lower;
    }
  });
  if (upper == 0 && lower == 0) return CasePattern::kNone;
  if (upper == 0) return CasePattern::kLower;
  if (lower == 0) return CasePattern::kUpper;
  if (first_upper && !rest_has_upper) return CasePattern::kTitle;
  return CasePattern::kMixed;
}

void FoldCase(std::string_view word, std::string* out) {
  out->assign(word.data(), word.size());
  for (size_t i = 0; i < out->size(); ++i) {
    auto c = static_cast<unsigned char>((*out)[i]);
    if (IsAsciiUpper(c)) {
      (*out)[i] = static_cast<char>(c + 32);
    } else if (c == 0xC3 && i + 1 < out->size() &&
               IsLatin1Upper(c, static_cast<unsigned char>((*out)[i + 1]))) {
      (*out)[i + 1] = static_cast<char>(static_cast<unsigned char>((*out)[i + 1]) + 0x20);
      ++i;
    }
  }
}

void ApplyCasePattern(std::string_view word, CasePattern pattern, std::string* out) {
  if (pattern != CasePattern::kLower && pattern != CasePattern::kTitle &&
      pattern != CasePattern::kUpper) {
    out->assign(word.data(), word.size());
    return;
  }
  out->assign(word.data(), word.size());
  bool first_letter = true;
  for (size_t i = 0; i < out->size(); ++i) {
    const auto c = static_cast<unsigned char>((*out)[i]);
    const bool want_upper =
        pattern == CasePattern::kUpper || (pattern == CasePattern::kTitle && first_letter);
    if (IsAsciiUpper(c) || IsAsciiLower(c)) {
      (*out)[i] = static_cast<char>(want_upper ? (c & ~0x20) : (c | 0x20));
      first_letter = false;
    } else if (c == 0xC3 && i + 1 < out->size()) {
      const auto next = static_cast<unsigned char>((*out)[i + 1]);
      if (IsLatin1Upper(c, next) || IsLatin1Lower(c, next)) {
        (*out)[i + 1] = static_cast<char>(want_upper ? (next & ~0x20) : (next | 0x20));
        first_letter = false;
      }
      ++i;
    } else if (c >= 0x80) {
      first_letter = first_letter && (c & 0xC0) == 0x80;  // continuation keeps state
      if ((c & 0xC0) == 0xC0) first_letter = false;
    }
  }
}

void NormalizeDigits(std::string_view word, std::string* out) {
  out->assign(word.data(), word.size());
  for (char& c : *out) {
    if (c >= '0' && c <= '9') c = '0';
  }
}

void WordShape(std::string_view word, bool collapse, size_t max_len, std::string* out) {
  out->clear();
  char last = 0;
  for (size_t i = 0; i < word.size() && out->size() < max_len;) {
    const auto c = static_cast<unsigned char>(word[i]);
    char cls;
    size_t len = 1;
    if (IsAsciiUpper(c)) cls = 'X';
    else if (IsAsciiLower(c)) cls = 'x';
    else if (c >= '0' && c <= '9') cls = 'd';
    else if (c < 0x80) cls = static_cast<char>(c);
    else {
      len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
      const auto next = i + 1 < word.size() ? static_cast<unsigned char>(word[i + 1]) : 0;
      cls = IsLatin1Upper(c, next) ? 'X' : (c == 0xE2 ? '~' : 'x');
    }
    i += len;
    if (collapse && cls == last) continue;
    out->push_back(cls);
    last = cls;
  }
}

bool HasDigit(std::string_view word) {
  for (char c : word) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

bool IsPunctuation(std::string_view word) {
  if (word.empty()) return false;
  for (char c : word) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (u >= '0' && u <= '9') || IsAsciiUpper(u) || IsAsciiLower(u)) return false;
  }
  return true;
}

}  // namespace wirelens::stages::entities
