// File: html_text.h
//
// Reduces an HTML fragment (or whole document) to the text a reader sees,
// for normalization. This is a single-pass scanner, not a DOM parser: it is
// fast (no allocation beyond the output), never fails, and follows the HTML5
// rules where they matter for text:
//   - tags are dropped and their attributes ignored;
//   - character references are decoded: the HTML4 set and common HTML5 names
//     (amp, nbsp, mdash, hellip, euro, eacute, ...), decimal "&#233;" and hex
//     "&#xE9;" forms; numeric references to 0x80..0x9F mean their
//     Windows-1252 characters, invalid ones become U+FFFD; legacy names such
//     as "&amp" and "&eacute" are also accepted without the ";" when not
//     followed by a letter, digit or "=";
//   - the content of <script>, <style>, <head>, <title>, <template>,
//     <noscript>, <svg>, <math>, <iframe>, <object>, <canvas>, <select> and
//     <textarea> is dropped, as are comments, <!DOCTYPE>, CDATA and
//     processing instructions. An unterminated <script>, <style>, comment or
//     tag drops the rest of the input (as browsers do); the other elements
//     without an end tag drop only the tag (<head> ends at <body>);
//   - block elements (p, div, br, li, h1-h6, tr, blockquote, section,
//     article, figure, figcaption, table, ...) become paragraph breaks
//     ("\n\n"); table cells become spaces;
//   - whitespace in text becomes single spaces, except inside <pre>, where
//     newlines are kept.
// The output still needs whitespace tidying (normalize.cc does that): it may
// hold runs of spaces and of paragraph breaks. Valid UTF-8 in gives valid
// UTF-8 out.
//
// Thread-safe; the tag and entity tables are immutable after first use.
#pragma once

#include <string>
#include <string_view>

namespace wirelens::pipeline {

// Appends the text of `html` to `*out`.
void HtmlToText(std::string_view html, std::string* out);

// Decodes one character reference starting at html[pos] == '&'. On success
// appends the character(s) to `*out` and returns the number of bytes
// consumed; returns 0 (appending nothing) when `html[pos..]` is not a
// reference, i.e. the '&' is literal.
size_t DecodeCharacterReference(std::string_view html, size_t pos, std::string* out);

// True when `text` contains markup: a start or end tag of a known HTML
// element ("<p>", "</div>", "<a href=...>", "<br/>"), a comment, a doctype,
// or a character reference ending in ';' ("&amp;", "&#8217;").
bool ContainsHtmlMarkup(std::string_view text);

}  // namespace wirelens::pipeline
