#include "pipeline/html_text.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace wirelens::pipeline {
namespace {

std::string Text(std::string_view html) {
  std::string out;
  HtmlToText(html, &out);
  return out;
}

TEST(HtmlToTextTest, DecodesNamedEntities) {
  EXPECT_EQ(Text("Q&amp;A &lt;b&gt; &quot;x&quot; &apos;y&apos;"), "Q&A <b> \"x\" 'y'");
  EXPECT_EQ(Text("a&nbsp;b&mdash;c&ndash;d&hellip;&euro;5 &pound;3 &copy;&trade;"),
            "a\u00A0b—c–d…€5 £3 ©™");
  EXPECT_EQ(Text("&lsquo;x&rsquo; &ldquo;y&rdquo; &laquo;z&raquo;"), "‘x’ “y” «z»");
  EXPECT_EQ(Text("Jos&eacute; Mu&ntilde;oz, K&ouml;ln, &Aring;se, &szlig;, &ccaron;, &Lstrok;"),
            "José Muñoz, Köln, Åse, ß, č, Ł");
  EXPECT_EQ(Text("&alpha;&Omega; &rarr; &le; &infin;"), "αΩ → ≤ ∞");
}

TEST(HtmlToTextTest, DecodesNumericReferences) {
  EXPECT_EQ(Text("&#233;&#xE9;&#XE9;&#8217;&#x1F600;"), "ééé’😀");
  EXPECT_EQ(Text("&#150; &#x92;"), "– ’");  // Windows-1252 meaning, as in HTML5
  EXPECT_EQ(Text("&#0;|&#xD800;|&#99999999999;"), "\uFFFD|\uFFFD|\uFFFD");
  EXPECT_EQ(Text("&#65&#66;"), "AB");  // ';' optional
  EXPECT_EQ(Text("&#; &#x; &#abc;"), "&#; &#x; &#abc;");
}

TEST(HtmlToTextTest, LegacyEntitiesWithoutSemicolon) {
  EXPECT_EQ(Text("&copy 2024 &amp more"), "© 2024 & more");
  EXPECT_EQ(Text("/search?q=1&lt=2"), "/search?q=1&lt=2");  // attribute-like: literal
  EXPECT_EQ(Text("&mdash without semicolon"), "&mdash without semicolon");
}

TEST(HtmlToTextTest, UnknownEntitiesAndBareAmpersandsStay) {
  EXPECT_EQ(Text("AT&T &unknown; Tom & Jerry &"), "AT&T &unknown; Tom & Jerry &");
}

TEST(HtmlToTextTest, DropsScriptStyleCommentsAndHead) {
  EXPECT_EQ(Text("<html><head><title>Site</title><style>p{color:red}</style></head>"
                 "<body>One<script type=\"text/javascript\">var x = '<p>no</p>';</script>"
                 "<!-- <p>hidden</p> -->Two</body></html>"),
            "\n\nOneTwo\n\n");
  EXPECT_EQ(Text("a<SCRIPT>x</ScRiPt >b"), "ab");
  EXPECT_EQ(Text("a<!---->b<!-->c<!--->d"), "abcd");
  EXPECT_EQ(Text("<!DOCTYPE html><?xml version=\"1.0\"?>x<![CDATA[y]]>z"), "xz");
}

TEST(HtmlToTextTest, UnterminatedConstructs) {
  EXPECT_EQ(Text("kept<script>lost forever"), "kept");
  EXPECT_EQ(Text("kept<!-- lost"), "kept");
  EXPECT_EQ(Text("kept<a href=\"x"), "kept");
  // A <title> without end tag is just ignored; a <head> without end ends at <body>.
  EXPECT_EQ(Text("<title>A</b>text"), "Atext");
  EXPECT_EQ(Text("<head><meta charset=utf-8><body>Story"), "\n\nStory");
}

TEST(HtmlToTextTest, BlockElementsBecomeParagraphBreaks) {
  EXPECT_EQ(Text("<div><p>First <b>bold</b> para.</p><p>Second</p></div>"),
            "\n\nFirst bold para.\n\nSecond\n\n");
  EXPECT_EQ(Text("<ul><li>one</li><li>two</li></ul>"), "\n\none\n\ntwo\n\n");
  EXPECT_EQ(Text("line<br>next<br/>last"), "line\n\nnext\n\nlast");
  EXPECT_EQ(Text("<h2>Title</h2><blockquote>Quote</blockquote><figure><img src=a.jpg>"
                 "<figcaption>Cap</figcaption></figure>"),
            "\n\nTitle\n\nQuote\n\nCap\n\n");
  EXPECT_EQ(Text("<table><tr><td>a</td><td>b</td></tr></table>"), "\n\n a  b \n\n");
}

TEST(HtmlToTextTest, InlineMarkupAndAttributes) {
  EXPECT_EQ(Text("<a href=\"https://x.test/?a=1&b=2\" title='a > b'>link</a> and "
                 "<span class=x>span</span>"),
            "link and span");
  EXPECT_EQ(Text("x<o:p></o:p>y<custom-tag attr>z"), "xyz");
  EXPECT_EQ(Text("a < b, 3<4, x <3 y"), "a < b, 3<4, x <3 y");
}

TEST(HtmlToTextTest, WhitespaceIsSpaceExceptInPre) {
  EXPECT_EQ(Text("wrapped\nsource\r\nlines\tand\ftabs"), "wrapped source  lines and tabs");
  EXPECT_EQ(Text("<pre>col1\ncol2\r\ncol3</pre>"), "\n\ncol1\ncol2\ncol3\n\n");
}

TEST(HtmlToTextTest, PassesMultiByteTextThrough) {
  EXPECT_EQ(Text("<p>東京で地震</p><p>زلزال في طهران</p>"), "\n\n東京で地震\n\nزلزال في طهران\n\n");
}

TEST(DecodeCharacterReferenceTest, ReportsBytesConsumed) {
  std::string out;
  EXPECT_EQ(DecodeCharacterReference("&amp;rest", 0, &out), 5u);
  EXPECT_EQ(DecodeCharacterReference("x&#x41;", 1, &out), 6u);
  EXPECT_EQ(DecodeCharacterReference("&nope;", 0, &out), 0u);
  EXPECT_EQ(DecodeCharacterReference("&", 0, &out), 0u);
  EXPECT_EQ(out, "&A");
}

TEST(ContainsHtmlMarkupTest, DetectsTagsCommentsAndEntities) {
  EXPECT_TRUE(ContainsHtmlMarkup("<p>Story</p>"));
  EXPECT_TRUE(ContainsHtmlMarkup("text<br/>more"));
  EXPECT_TRUE(ContainsHtmlMarkup("see <a href=\"https://x.test\">this</a>"));
  EXPECT_TRUE(ContainsHtmlMarkup("</DIV>"));
  EXPECT_TRUE(ContainsHtmlMarkup("<!-- c -->"));
  EXPECT_TRUE(ContainsHtmlMarkup("<!doctype html>"));
  EXPECT_TRUE(ContainsHtmlMarkup("Q&amp;A"));
  EXPECT_TRUE(ContainsHtmlMarkup("it&#8217;s"));
}

TEST(ContainsHtmlMarkupTest, IgnoresPlainText) {
  EXPECT_FALSE(ContainsHtmlMarkup("AT&T said x < y and y > z"));
  EXPECT_FALSE(ContainsHtmlMarkup("<unknown> tags and <3 hearts"));
  EXPECT_FALSE(ContainsHtmlMarkup("<pa> and <divx> are not elements"));
  EXPECT_FALSE(ContainsHtmlMarkup("&copy 2024 without semicolon"));
  EXPECT_FALSE(ContainsHtmlMarkup(""));
}

}  // namespace
}  // namespace wirelens::pipeline
