#include "pipeline/text_analysis.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "pipeline/chain.h"
#include "pipeline/stage.h"
#include "pipeline/text.h"

namespace wirelens::pipeline {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

FieldAnalysis Body(std::string_view text) {
  FieldAnalysis a;
  AnalyzeField(v1::TEXT_FIELD_BODY, text, &a);
  return a;
}

FieldAnalysis Headline(std::string_view text) {
  FieldAnalysis a;
  AnalyzeField(v1::TEXT_FIELD_HEADLINE, text, &a);
  return a;
}

std::vector<std::string> Texts(const FieldAnalysis& a) {
  std::vector<std::string> out;
  for (const Token& t : a.tokens) out.emplace_back(a.TokenText(t));
  return out;
}

std::vector<std::string> Sentences(const FieldAnalysis& a) {
  std::vector<std::string> out;
  for (const Sentence& s : a.sentences) out.emplace_back(a.SentenceText(s));
  return out;
}

// The token with text `text` (the n-th occurrence); fails the test if absent.
const Token& Find(const FieldAnalysis& a, std::string_view text, int n = 0) {
  for (const Token& t : a.tokens) {
    if (a.TokenText(t) == text && n-- == 0) return t;
  }
  ADD_FAILURE() << "no token '" << text << "'";
  static const Token kNone;
  return kNone;
}

// ---- Tokens ---------------------------------------------------------------

TEST(TokenizeTest, EmptyAndWhitespaceOnly) {
  for (std::string_view text : {"", " ", "\n\n", " \t \n "}) {
    const FieldAnalysis a = Body(text);
    EXPECT_THAT(a.tokens, IsEmpty()) << text;
    EXPECT_THAT(a.sentences, IsEmpty()) << text;
    EXPECT_FALSE(a.title_case);
  }
}

TEST(TokenizeTest, WordsWithByteOffsetsAndKinds) {
  const FieldAnalysis a = Body("Ferries resumed, 3 days late.");
  ASSERT_THAT(Texts(a), ElementsAre("Ferries", "resumed", ",", "3", "days", "late", "."));
  EXPECT_EQ(a.tokens[0].begin, 0u);
  EXPECT_EQ(a.tokens[0].end, 7u);
  EXPECT_EQ(a.tokens[2].begin, 15u);
  EXPECT_EQ(a.tokens[3].begin, 17u);
  EXPECT_EQ(a.tokens[0].kind, TokenKind::kWord);
  EXPECT_EQ(a.tokens[2].kind, TokenKind::kPunctuation);
  EXPECT_EQ(a.tokens[3].kind, TokenKind::kNumber);
  EXPECT_TRUE(a.tokens[0].Has(Token::kInitialCap));
  EXPECT_FALSE(a.tokens[1].Has(Token::kInitialCap));
  EXPECT_TRUE(a.tokens[1].Has(Token::kSpaceBefore));
  EXPECT_FALSE(a.tokens[2].Has(Token::kSpaceBefore));
  EXPECT_TRUE(a.tokens[0].Has(Token::kSentenceStart));
  EXPECT_FALSE(a.tokens[1].Has(Token::kSentenceStart));
}

TEST(TokenizeTest, CaseFlags) {
  const FieldAnalysis a = Body("NATO and the EU met in Brussels; I agreed.");
  EXPECT_TRUE(Find(a, "NATO").Has(Token::kAllCaps));
  EXPECT_TRUE(Find(a, "NATO").Has(Token::kInitialCap));
  EXPECT_TRUE(Find(a, "EU").Has(Token::kAllCaps));
  EXPECT_FALSE(Find(a, "Brussels").Has(Token::kAllCaps));
  EXPECT_FALSE(Find(a, "I").Has(Token::kAllCaps));  // needs two letters
  EXPECT_TRUE(Find(a, "I").Has(Token::kInitialCap));
}

TEST(TokenizeTest, DottedAbbreviationsTitlesMonthsAndCompanies) {
  const FieldAnalysis a =
      Body("U.S. Gen. Mark Milley said on Jan. 5 that 27,700 troops from Acme Corp. and "
           "Dr. Lee's lab, e.g. medics, would stay.");
  EXPECT_THAT(Texts(a),
              ElementsAre("U.S.", "Gen.", "Mark", "Milley", "said", "on", "Jan.", "5", "that",
                          "27,700", "troops", "from", "Acme", "Corp.", "and", "Dr.", "Lee", "'s",
                          "lab", ",", "e.g.", "medics", ",", "would", "stay", "."));
  for (std::string_view abbr : {"U.S.", "Gen.", "Jan.", "Corp.", "Dr.", "e.g."}) {
    EXPECT_TRUE(Find(a, abbr).Has(Token::kAbbreviation)) << abbr;
    EXPECT_FALSE(Find(a, abbr).Has(Token::kInitial)) << abbr;
  }
  EXPECT_TRUE(Find(a, "U.S.").Has(Token::kAllCaps));
  EXPECT_FALSE(Find(a, "Mark").Has(Token::kAbbreviation));
  EXPECT_THAT(a.sentences, testing::SizeIs(1));
}

TEST(TokenizeTest, NoIsAnAbbreviationOnlyBeforeANumber) {
  const FieldAnalysis a = Body("He lives at No. 10 and said no. No. Not again.");
  EXPECT_TRUE(Find(a, "No.").Has(Token::kAbbreviation));
  EXPECT_EQ(Find(a, "No", 0).end - Find(a, "No", 0).begin, 2u);
  EXPECT_THAT(Texts(a), ElementsAre("He", "lives", "at", "No.", "10", "and", "said", "no", ".",
                                    "No", ".", "Not", "again", "."));
  EXPECT_THAT(Sentences(a), ElementsAre("He lives at No. 10 and said no.", "No.", "Not again."));
}

TEST(TokenizeTest, Initials) {
  const FieldAnalysis a = Body("George W. Bush met J.K. Rowling and Mr. J. Smith.");
  EXPECT_THAT(Texts(a), ElementsAre("George", "W.", "Bush", "met", "J.K.", "Rowling", "and", "Mr.",
                                    "J.", "Smith", "."));
  EXPECT_TRUE(Find(a, "W.").Has(Token::kInitial));
  EXPECT_TRUE(Find(a, "W.").Has(Token::kAbbreviation));
  EXPECT_TRUE(Find(a, "J.").Has(Token::kInitial));
  EXPECT_FALSE(Find(a, "J.K.").Has(Token::kInitial));
  EXPECT_TRUE(Find(a, "J.K.").Has(Token::kAbbreviation));
  EXPECT_THAT(a.sentences, testing::SizeIs(1));
}

TEST(TokenizeTest, PossessivesAreSplitOff) {
  const FieldAnalysis a =
      Body("Putin's aide and Lukashenko’s envoy met Jesus' followers and the workers' union.");
  EXPECT_THAT(Texts(a), ElementsAre("Putin", "'s", "aide", "and", "Lukashenko", "’s", "envoy",
                                    "met", "Jesus", "'", "followers", "and", "the", "workers",
                                    "'", "union", "."));
  for (int i : {1, 5, 9, 14}) {
    EXPECT_TRUE(a.tokens[i].Has(Token::kPossessive)) << i;
    EXPECT_FALSE(a.tokens[i].Has(Token::kSpaceBefore)) << i;
    EXPECT_EQ(a.tokens[i].kind, TokenKind::kWord) << i;
  }
  // "’" is three bytes: "Lukashenko" [17, 27), "’s" [27, 31).
  EXPECT_EQ(a.tokens[4].begin, 17u);
  EXPECT_EQ(a.tokens[4].end, 27u);
  EXPECT_EQ(a.tokens[5].begin, 27u);
  EXPECT_EQ(a.tokens[5].end, 31u);
  EXPECT_TRUE(a.tokens[5].Has(Token::kNonAscii));
  EXPECT_FALSE(a.tokens[4].Has(Token::kNonAscii));
}

TEST(TokenizeTest, ContractionsAreNotPossessive) {
  const FieldAnalysis a = Body("It's late, that’s clear, and they don't know what's next.");
  EXPECT_THAT(Texts(a), ElementsAre("It", "'s", "late", ",", "that", "’s", "clear", ",", "and",
                                    "they", "don't", "know", "what", "'s", "next", "."));
  EXPECT_FALSE(a.tokens[1].Has(Token::kPossessive));
  EXPECT_FALSE(a.tokens[5].Has(Token::kPossessive));
  EXPECT_TRUE(Find(a, "don't").Has(Token::kHasApostrophe));
}

TEST(TokenizeTest, InnerApostrophesAndElision) {
  const FieldAnalysis a = Body("O'Brien played rock 'n' roll in Côte d’Ivoire.");
  EXPECT_THAT(Texts(a),
              ElementsAre("O'Brien", "played", "rock", "'n'", "roll", "in", "Côte", "d’Ivoire", "."));
  EXPECT_TRUE(Find(a, "O'Brien").Has(Token::kHasApostrophe));
  EXPECT_TRUE(Find(a, "O'Brien").Has(Token::kInitialCap));
}

TEST(TokenizeTest, QuotedWordEndingInSIsNotPossessive) {
  const FieldAnalysis a = Body("He called it 'chaos' and left.");
  EXPECT_THAT(Texts(a), ElementsAre("He", "called", "it", "'", "chaos", "'", "and", "left", "."));
  EXPECT_TRUE(a.tokens[3].Has(Token::kQuote));
  EXPECT_TRUE(a.tokens[3].Has(Token::kOpening));
  EXPECT_TRUE(a.tokens[5].Has(Token::kClosing));
  EXPECT_FALSE(a.tokens[5].Has(Token::kPossessive));
}

TEST(TokenizeTest, HyphensInWordsButNotInNumberRanges) {
  const FieldAnalysis a = Body(
      "Jean-Claude of Rolls-Royce, al-Assad, COVID-19 and F-16 jets; 2019-2020, 10-20 and a "
      "34-year-old.");
  EXPECT_THAT(Texts(a),
              ElementsAre("Jean-Claude", "of", "Rolls-Royce", ",", "al-Assad", ",", "COVID-19",
                          "and", "F-16", "jets", ";", "2019", "-", "2020", ",", "10", "-", "20",
                          "and", "a", "34", "-", "year-old", "."));
  EXPECT_TRUE(Find(a, "Jean-Claude").Has(Token::kHasHyphen));
  EXPECT_TRUE(Find(a, "COVID-19").Has(Token::kHasDigit));
  EXPECT_EQ(Find(a, "COVID-19").kind, TokenKind::kWord);
  EXPECT_FALSE(Find(a, "-").Has(Token::kSpaceBefore));
}

TEST(TokenizeTest, Numbers) {
  const FieldAnalysis a = Body(
      "27,700 troops, 1.5 points, 3,5 Prozent, 1.000.000 euros, $40 billion, 5.2bn, 12%, at "
      "14:32, the 30th and 82nd, the 1990s, .5 mm, 10km.");
  EXPECT_THAT(Texts(a),
              ElementsAre("27,700", "troops", ",", "1.5", "points", ",", "3,5", "Prozent", ",",
                          "1.000.000", "euros", ",", "$", "40", "billion", ",", "5.2", "bn", ",",
                          "12", "%", ",", "at", "14:32", ",", "the", "30th", "and", "82nd", ",",
                          "the", "1990", "s", ",", ".5", "mm", ",", "10", "km", "."));
  EXPECT_EQ(Find(a, "27,700").kind, TokenKind::kNumber);
  EXPECT_TRUE(Find(a, "27,700").Has(Token::kHasDigit));
  EXPECT_EQ(Find(a, "$").kind, TokenKind::kSymbol);
  EXPECT_EQ(Find(a, "%").kind, TokenKind::kSymbol);
  EXPECT_FALSE(Find(a, "40").Has(Token::kSpaceBefore));
  EXPECT_FALSE(Find(a, "bn").Has(Token::kSpaceBefore));
  EXPECT_TRUE(Find(a, "30th").Has(Token::kOrdinal));
  EXPECT_TRUE(Find(a, "82nd").Has(Token::kOrdinal));
  EXPECT_FALSE(Find(a, "1990").Has(Token::kOrdinal));
  EXPECT_EQ(Find(a, ".5").kind, TokenKind::kNumber);
  EXPECT_EQ(Find(a, "14:32").kind, TokenKind::kNumber);
}

TEST(TokenizeTest, NonLatinDigitsAndSeparators) {
  const FieldAnalysis a = Body("بلغ العدد ١٢٬٥٠٠ شخص و ٣٫٥ مليون");
  EXPECT_THAT(Texts(a), ElementsAre("بلغ", "العدد", "١٢٬٥٠٠", "شخص", "و", "٣٫٥", "مليون"));
  EXPECT_EQ(a.tokens[2].kind, TokenKind::kNumber);
  EXPECT_EQ(a.tokens[5].kind, TokenKind::kNumber);
}

TEST(TokenizeTest, UrlsEmailsHashtagsMentions) {
  const FieldAnalysis a = Body(
      "See https://example.org/a_b?q=1&r=(2). Or www.example.com, write to "
      "press.office@example.co.uk or @newsdesk about #Election2024 and #1 (http://x.example/p).");
  EXPECT_THAT(Texts(a),
              ElementsAre("See", "https://example.org/a_b?q=1&r=(2)", ".", "Or", "www.example.com",
                          ",", "write", "to", "press.office@example.co.uk", "or", "@newsdesk",
                          "about", "#Election2024", "and", "#", "1", "(", "http://x.example/p",
                          ")", "."));
  EXPECT_EQ(a.tokens[1].kind, TokenKind::kUrl);
  EXPECT_EQ(a.tokens[4].kind, TokenKind::kUrl);
  EXPECT_EQ(a.tokens[8].kind, TokenKind::kEmail);
  EXPECT_EQ(a.tokens[10].kind, TokenKind::kMention);
  EXPECT_EQ(a.tokens[12].kind, TokenKind::kHashtag);
  EXPECT_EQ(a.tokens[14].kind, TokenKind::kSymbol);
  EXPECT_EQ(a.tokens[17].kind, TokenKind::kUrl);
  EXPECT_THAT(Sentences(a), testing::SizeIs(2));
}

TEST(TokenizeTest, DomainNamesAndAmpersandNames) {
  const FieldAnalysis a = Body("Amazon.com and AT&T beat S&P estimates, Tom & Jerry said.");
  EXPECT_THAT(Texts(a), ElementsAre("Amazon.com", "and", "AT&T", "beat", "S&P", "estimates", ",",
                                    "Tom", "&", "Jerry", "said", "."));
  EXPECT_EQ(Find(a, "Amazon.com").kind, TokenKind::kWord);
}

TEST(TokenizeTest, QuotesGetDirection) {
  const FieldAnalysis a = Body("“We won,” she said. \"Not yet\", he replied (twice). «Oui», dit-il.");
  EXPECT_THAT(Texts(a), ElementsAre("“", "We", "won", ",", "”", "she", "said", ".", "\"", "Not",
                                    "yet", "\"", ",", "he", "replied", "(", "twice", ")", ".", "«",
                                    "Oui", "»", ",", "dit-il", "."));
  auto opening = [&](int i) {
    return a.tokens[i].Has(Token::kOpening) && !a.tokens[i].Has(Token::kClosing);
  };
  auto closing = [&](int i) {
    return a.tokens[i].Has(Token::kClosing) && !a.tokens[i].Has(Token::kOpening);
  };
  EXPECT_TRUE(opening(0) && a.tokens[0].Has(Token::kQuote));
  EXPECT_TRUE(closing(4) && a.tokens[4].Has(Token::kQuote));
  EXPECT_TRUE(opening(8));
  EXPECT_TRUE(closing(11));
  EXPECT_TRUE(opening(15) && !a.tokens[15].Has(Token::kQuote));
  EXPECT_TRUE(closing(17));
  EXPECT_TRUE(opening(19));
  EXPECT_TRUE(closing(21));
  // A sentence opening with a quote marks both the quote and the first word.
  EXPECT_TRUE(a.tokens[0].Has(Token::kSentenceStart));
  EXPECT_TRUE(a.tokens[1].Has(Token::kSentenceStart));
  EXPECT_TRUE(a.tokens[9].Has(Token::kSentenceStart));
  EXPECT_FALSE(a.tokens[5].Has(Token::kSentenceStart));
}

TEST(TokenizeTest, GermanQuotes) {
  const FieldAnalysis a = Body("Er sagte: „Wir bleiben“, und ging.");
  EXPECT_TRUE(Find(a, "„").Has(Token::kOpening));
  EXPECT_TRUE(Find(a, "“").Has(Token::kClosing));
}

TEST(TokenizeTest, DashesEllipsesAndPunctuationRuns) {
  const FieldAnalysis a = Body("The war — now in its third year – goes on... Really?! Yes -- no");
  EXPECT_THAT(Texts(a), ElementsAre("The", "war", "—", "now", "in", "its", "third", "year", "–",
                                    "goes", "on", "...", "Really", "?!", "Yes", "--", "no"));
  EXPECT_EQ(Find(a, "—").kind, TokenKind::kPunctuation);
}

TEST(TokenizeTest, EmojiSequencesAreOneSymbol) {
  // Party popper; Ukrainian flag (two regional indicators); thumbs up with a
  // skin tone; a ZWJ family; a heart with VS16.
  const FieldAnalysis a = Body(
      "Win \U0001F389 \U0001F1FA\U0001F1E6 \U0001F44D\U0001F3FD "
      "\U0001F468\u200D\U0001F469\u200D\U0001F467 \u2764\uFE0F!");
  EXPECT_THAT(Texts(a),
              ElementsAre("Win", "\U0001F389", "\U0001F1FA\U0001F1E6", "\U0001F44D\U0001F3FD",
                          "\U0001F468\u200D\U0001F469\u200D\U0001F467", "\u2764\uFE0F", "!"));
  for (int i = 1; i <= 5; ++i) EXPECT_EQ(a.tokens[i].kind, TokenKind::kSymbol) << i;
}

TEST(TokenizeTest, CyrillicWithByteOffsets) {
  const FieldAnalysis a = Body("В Москве прошли переговоры. Президент заявил, что всё готово.");
  EXPECT_THAT(Texts(a), ElementsAre("В", "Москве", "прошли", "переговоры", ".", "Президент",
                                    "заявил", ",", "что", "всё", "готово", "."));
  EXPECT_EQ(a.tokens[1].begin, 3u);  // "В" is two bytes, then a space
  EXPECT_EQ(a.tokens[1].end, 15u);   // six letters, two bytes each
  EXPECT_TRUE(a.tokens[1].Has(Token::kInitialCap));
  EXPECT_TRUE(a.tokens[1].Has(Token::kNonAscii));
  EXPECT_THAT(Sentences(a), ElementsAre("В Москве прошли переговоры.",
                                        "Президент заявил, что всё готово."));
}

TEST(TokenizeTest, ArabicSentencesSplitWithoutCase) {
  const FieldAnalysis a = Body("قال الوزير إن المحادثات ستستمر. وأضاف أن الاتفاق قريب؟ نعم.");
  EXPECT_THAT(Sentences(a), ElementsAre("قال الوزير إن المحادثات ستستمر.",
                                        "وأضاف أن الاتفاق قريب؟", "نعم."));
  EXPECT_FALSE(a.tokens[0].Has(Token::kInitialCap));
}

TEST(TokenizeTest, ChineseOneTokenPerHanCharacter) {
  const FieldAnalysis a = Body("东京天气好。明天下雨！Apple发布iPhone");
  EXPECT_THAT(Texts(a), ElementsAre("东", "京", "天", "气", "好", "。", "明", "天", "下", "雨",
                                    "！", "Apple", "发", "布", "iPhone"));
  EXPECT_TRUE(a.tokens[0].Has(Token::kNoSpaceScript));
  EXPECT_EQ(a.tokens[0].end, 3u);
  EXPECT_FALSE(Find(a, "Apple").Has(Token::kNoSpaceScript));
  EXPECT_THAT(Sentences(a), ElementsAre("东京天气好。", "明天下雨！", "Apple发布iPhone"));
}

TEST(TokenizeTest, JapaneseKanaRuns) {
  const FieldAnalysis a = Body("トヨタは東京でラーメンを食べた。");
  EXPECT_THAT(Texts(a), ElementsAre("トヨタ", "は", "東", "京", "で", "ラーメン", "を", "食",
                                    "べた", "。"));
  EXPECT_TRUE(Find(a, "ラーメン").Has(Token::kNoSpaceScript));
}

TEST(TokenizeTest, ThaiRunsAndHangulWords) {
  const FieldAnalysis thai = Body("ประเทศไทย 2567");
  EXPECT_THAT(Texts(thai), ElementsAre("ประเทศไทย", "2567"));
  const FieldAnalysis korean = Body("서울에서 회담이 열렸다.");
  EXPECT_THAT(Texts(korean), ElementsAre("서울에서", "회담이", "열렸다", "."));
  EXPECT_FALSE(korean.tokens[0].Has(Token::kNoSpaceScript));
}

TEST(TokenizeTest, DevanagariMarksStayInWords) {
  const FieldAnalysis a = Body("हिन्दी समाचार। अगला वाक्य।");
  EXPECT_THAT(Texts(a), ElementsAre("हिन्दी", "समाचार", "।", "अगला", "वाक्य", "।"));
  EXPECT_THAT(a.sentences, testing::SizeIs(2));
}

TEST(TokenizeTest, FormatCharactersAndUnusualSpaces) {
  // NBSP, thin space, LRM, and a ZWNJ inside a Persian word.
  const FieldAnalysis a = Body("10\u00A0km\u2009away \u200Eمی\u200Cخواهم");
  EXPECT_THAT(Texts(a), ElementsAre("10", "km", "away", "می\u200Cخواهم"));
  EXPECT_TRUE(a.tokens[1].Has(Token::kSpaceBefore));
}

TEST(TokenizeTest, MalformedUtf8BecomesSymbols) {
  const std::string text = std::string("ok \xFF\xFE end");
  const FieldAnalysis a = Body(text);
  EXPECT_THAT(Texts(a), ElementsAre("ok", "\xFF", "\xFE", "end"));
  EXPECT_EQ(a.tokens[1].kind, TokenKind::kSymbol);
}

// ---- Sentences --------------------------------------------------------------

TEST(SentenceTest, AbbreviationFollowedBySentenceStarter) {
  const FieldAnalysis a = Body(
      "The talks were held in the U.S. The president said the U.S. Senate would vote. Shares of "
      "Acme Inc. rose, and pears, plums etc. The market closed at 5 p.m. He left.");
  EXPECT_THAT(Sentences(a),
              ElementsAre("The talks were held in the U.S.",
                          "The president said the U.S. Senate would vote.",
                          "Shares of Acme Inc. rose, and pears, plums etc.",
                          "The market closed at 5 p.m.", "He left."));
}

TEST(SentenceTest, TitlesMonthsAndInitialsNeverSplit) {
  const FieldAnalysis a =
      Body("On Jan. The Rock met Gen. He Wei and Dr. It Chan. Plan B. The end came.");
  // "Jan.", "Gen." and "Dr." are prefixes; "B." is an initial before "The".
  EXPECT_THAT(Sentences(a), ElementsAre("On Jan. The Rock met Gen. He Wei and Dr. It Chan.",
                                        "Plan B.", "The end came."));
}

TEST(SentenceTest, DecimalsQuotesAndParentheses) {
  const FieldAnalysis a = Body(
      "Growth was 1.5 percent. “Why now?” she asked. He said: \"It is over.\" (Nobody agreed.) "
      "Then $40 billion vanished! Yahoo! is a brand.");
  EXPECT_THAT(Sentences(a), ElementsAre("Growth was 1.5 percent.", "“Why now?” she asked.",
                                        "He said: \"It is over.\"", "(Nobody agreed.)",
                                        "Then $40 billion vanished!", "Yahoo! is a brand."));
}

TEST(SentenceTest, Ellipsis) {
  const FieldAnalysis a = Body("He paused... and then left. It was late… The end … came.");
  EXPECT_THAT(Sentences(a),
              ElementsAre("He paused... and then left.", "It was late…", "The end … came."));
}

TEST(SentenceTest, ParagraphsAlwaysEndSentences) {
  const FieldAnalysis a = Body("KYIV, Ukraine (AP) —\n\nThe first line has no period\n\nSecond, too.");
  EXPECT_THAT(Sentences(a), ElementsAre("KYIV, Ukraine (AP) —", "The first line has no period",
                                        "Second, too."));
  for (const Sentence& s : a.sentences) EXPECT_TRUE(s.paragraph_start);
  const FieldAnalysis b = Body("One. Two.\n\nThree.");
  ASSERT_THAT(b.sentences, testing::SizeIs(3));
  EXPECT_TRUE(b.sentences[0].paragraph_start);
  EXPECT_FALSE(b.sentences[1].paragraph_start);
  EXPECT_TRUE(b.sentences[2].paragraph_start);
}

TEST(SentenceTest, SentenceRangesCoverAllTokens) {
  const FieldAnalysis a = Body("A man left. \"Go!\" he said. Mr. J. Smith agreed...  Then rain.");
  uint32_t next = 0;
  for (const Sentence& s : a.sentences) {
    EXPECT_EQ(s.token_begin, next);
    EXPECT_LT(s.token_begin, s.token_end);
    EXPECT_EQ(s.byte_begin, a.tokens[s.token_begin].begin);
    EXPECT_EQ(s.byte_end, a.tokens[s.token_end - 1].end);
    EXPECT_TRUE(a.tokens[s.token_begin].Has(Token::kSentenceStart));
    next = s.token_end;
  }
  EXPECT_EQ(next, a.tokens.size());
  EXPECT_THAT(Sentences(a), ElementsAre("A man left.", "\"Go!\" he said.",
                                        "Mr. J. Smith agreed...", "Then rain."));
}

TEST(SentenceTest, NoSplitInsideUrlsOrBeforeLowercase) {
  const FieldAnalysis a = Body("Visit www.example.com. the site said. Version 2.0 shipped.");
  EXPECT_THAT(Sentences(a),
              ElementsAre("Visit www.example.com. the site said.", "Version 2.0 shipped."));
}

TEST(SentenceTest, GermanOrdinalDatesAndAmounts) {
  const FieldAnalysis a =
      Body("Der Bericht vom 3. Oktober nennt 1.234,5 Mio. Euro. Im Jahr 2019. Danach kam mehr.");
  EXPECT_THAT(Sentences(a), ElementsAre("Der Bericht vom 3. Oktober nennt 1.234,5 Mio. Euro.",
                                        "Im Jahr 2019.", "Danach kam mehr."));
  EXPECT_TRUE(Find(a, "Mio.").Has(Token::kAbbreviation));
  EXPECT_EQ(Find(a, "1.234,5").kind, TokenKind::kNumber);
}

TEST(SentenceTest, HeadlineIsOneSentence) {
  const FieldAnalysis a = Headline("Storm hits coast. Thousands flee");
  EXPECT_THAT(Sentences(a), ElementsAre("Storm hits coast. Thousands flee"));
  EXPECT_EQ(a.field, v1::TEXT_FIELD_HEADLINE);
}

// ---- Title case ----------------------------------------------------------------

TEST(TitleCaseTest, DetectsTitleCaseAndAllCaps) {
  EXPECT_TRUE(Headline("Putin Meets Xi to Discuss Trade Deal").title_case);
  EXPECT_TRUE(Headline("Biden Says U.S. Will Send More Troops to Europe").title_case);
  EXPECT_FALSE(Headline("Putin meets Xi to discuss trade deal").title_case);
  EXPECT_FALSE(Headline("Storm hits Texas coast").title_case);
  EXPECT_FALSE(Headline("Biden speaks").title_case);
  EXPECT_FALSE(Headline("Biden").title_case);
  // One long word after the first is too little evidence either way.
  EXPECT_FALSE(Headline("Putin Meets Xi").title_case);

  const FieldAnalysis caps = Headline("NATO LEADERS GATHER IN VILNIUS");
  EXPECT_TRUE(caps.title_case);
  EXPECT_TRUE(caps.all_caps);
  EXPECT_FALSE(Headline("NATO leaders gather in Vilnius").all_caps);
  EXPECT_FALSE(Headline("Москва и Киев").title_case);
  EXPECT_TRUE(Headline("ПУТИН ПРИБЫЛ В ПЕКИН").all_caps);
  EXPECT_FALSE(Headline("东京天气好").title_case);
}

// ---- Scale and pathological inputs -----------------------------------------

TEST(ScaleTest, TwoMebibyteBody) {
  const std::string sentence =
      "Officials in the U.S. said on Jan. 5 that 27,700 troops, about 1.5% of the force, would "
      "stay. ";
  std::string text;
  size_t copies = 0;
  while (text.size() < 2 * 1024 * 1024) {
    text += sentence;
    ++copies;
  }
  const FieldAnalysis one = Body(sentence);
  const FieldAnalysis a = Body(text);
  EXPECT_EQ(a.tokens.size(), one.tokens.size() * copies);
  EXPECT_EQ(a.sentences.size(), copies);
  EXPECT_EQ(a.tokens.back().end, text.size() - 1);
}

TEST(ScaleTest, PathologicalInputsStayLinear) {
  constexpr size_t kN = 100000;
  {
    const FieldAnalysis a = Body(std::string(kN, '.'));
    ASSERT_EQ(a.tokens.size(), 1u);
    EXPECT_EQ(a.tokens[0].end, kN);
  }
  {
    const FieldAnalysis a = Body(std::string(kN, '\''));
    EXPECT_EQ(a.tokens.size(), kN);
    EXPECT_EQ(a.sentences.size(), 1u);
  }
  {
    std::string dots;
    for (size_t i = 0; i < kN / 2; ++i) dots += ". ";
    const FieldAnalysis a = Body(dots);
    EXPECT_EQ(a.tokens.size(), kN / 2);
  }
  {
    std::string underscores;
    for (size_t i = 0; i < kN / 2; ++i) underscores += "a_";
    const FieldAnalysis a = Body(underscores);
    EXPECT_EQ(a.tokens.size(), kN);
  }
  {
    std::string dotted;
    for (size_t i = 0; i < kN / 2; ++i) dotted += "a.";
    const FieldAnalysis a = Body(dotted);
    EXPECT_EQ(a.tokens.size(), 1u);
  }
  {
    std::string punct;
    for (size_t i = 0; i < kN / 5; ++i) punct += ",;:()";
    const FieldAnalysis a = Body(punct);
    EXPECT_EQ(a.tokens.size(), kN);
    EXPECT_EQ(a.sentences.size(), 1u);
  }
  {
    std::string quotes;
    for (size_t i = 0; i < kN / 4; ++i) quotes += "x' '";
    const FieldAnalysis a = Body(quotes);
    EXPECT_GE(a.tokens.size(), kN / 2);
  }
}

// Checks what every analysis promises: tokens in order, non-empty, within
// the text, on code-point boundaries (for valid UTF-8; malformed bytes are
// one-byte tokens), never containing whitespace at their ends; sentences
// contiguous, covering every token.
void ExpectInvariants(const FieldAnalysis& a) {
  const bool valid = IsValidUtf8(a.text);
  uint32_t prev_end = 0;
  for (const Token& t : a.tokens) {
    ASSERT_LT(t.begin, t.end);
    ASSERT_GE(t.begin, prev_end);
    ASSERT_LE(t.end, a.text.size());
    if (valid) {
      ASSERT_NE(static_cast<unsigned char>(a.text[t.begin]) & 0xC0, 0x80u) << t.begin;
      if (t.end < a.text.size()) {
        ASSERT_NE(static_cast<unsigned char>(a.text[t.end]) & 0xC0, 0x80u) << t.end;
      }
    }
    ASSERT_NE(a.text[t.begin], ' ');
    ASSERT_NE(a.text[t.end - 1], ' ');
    prev_end = t.end;
  }
  uint32_t next = 0;
  for (const Sentence& s : a.sentences) {
    ASSERT_EQ(s.token_begin, next);
    ASSERT_LT(s.token_begin, s.token_end);
    next = s.token_end;
  }
  ASSERT_EQ(next, a.tokens.size());
}

TEST(ScaleTest, RandomMixesKeepInvariants) {
  const std::vector<std::string_view> pieces = {
      "U.S.", "Gen.", " ", " ", "\n\n", "\n", ".", "...", "'", "’", "s", "'s", "\"", "“", "”",
      "«", "-", "—", "1", "27,700", ",", ":", "/", "@", "#", "http://", "www.", "a", "B", "é",
      "东", "ト", "ー", "ก", "\u0301", "\u200D", "\u200E", "\U0001F1FA", "\U0001F44D",
      "\uFE0F", "\xFF", "\xE2\x80", "J.", "No.", "Inc.", "?", "!", "(", ")", "%", "$", "&",
      "_", "x@y.zz", "ab", "The"};
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int n = static_cast<int>(next() % 40);
    for (int i = 0; i < n; ++i) text.append(pieces[next() % pieces.size()]);
    for (v1::TextField field : {v1::TEXT_FIELD_HEADLINE, v1::TEXT_FIELD_BODY}) {
      FieldAnalysis a;
      AnalyzeField(field, text, &a);
      ExpectInvariants(a);
      if (testing::Test::HasFatalFailure()) {
        std::string hex;
        for (unsigned char c : text) hex += "0123456789abcdef"[c >> 4], hex += "0123456789abcdef"[c & 15];
        ADD_FAILURE() << "text (hex): " << hex;
        return;
      }
    }
  }
}

// ---- TextAnalysis, ArticleCache and the chain -------------------------------

TEST(TextAnalysisTest, AnalysesBothFieldsOfAnEnrichment) {
  v1::Enrichment e;
  e.set_headline("Port Traffic Falls for First Time Since 2020");
  e.set_body("Traffic fell 4.2% in the quarter. Officials blamed rerouted ships.");
  const TextAnalysis t = TextAnalysis::Of(e);
  EXPECT_EQ(t.headline().field, v1::TEXT_FIELD_HEADLINE);
  EXPECT_EQ(t.body().field, v1::TEXT_FIELD_BODY);
  EXPECT_EQ(t.headline().text.data(), e.headline().data());
  EXPECT_EQ(t.body().text.data(), e.body().data());
  EXPECT_TRUE(t.headline().title_case);
  EXPECT_FALSE(t.body().title_case);
  EXPECT_EQ(t.headline().sentences.size(), 1u);
  EXPECT_EQ(t.body().sentences.size(), 2u);
  EXPECT_EQ(&t.field(v1::TEXT_FIELD_BODY), &t.body());

  const TextAnalysis empty;
  EXPECT_THAT(empty.body().tokens, IsEmpty());
  EXPECT_EQ(empty.headline().field, v1::TEXT_FIELD_HEADLINE);
}

TEST(TextAnalysisTest, AnalyzeFieldReusesOutput) {
  FieldAnalysis a;
  AnalyzeField(v1::TEXT_FIELD_BODY, "One two three. Four.", &a);
  EXPECT_EQ(a.tokens.size(), 6u);
  AnalyzeField(v1::TEXT_FIELD_BODY, "Five.", &a);
  EXPECT_THAT(Texts(a), ElementsAre("Five", "."));
  EXPECT_EQ(a.sentences.size(), 1u);
}

TEST(ArticleCacheTest, ComputesOnFirstUse) {
  v1::Enrichment e;
  e.set_body("Rain fell.");
  ArticleCache cache(e);
  EXPECT_FALSE(cache.has_analysis());
  const TextAnalysis* first = &cache.analysis();
  EXPECT_TRUE(cache.has_analysis());
  EXPECT_EQ(first, &cache.analysis());
  EXPECT_EQ(first->body().tokens.size(), 3u);
}

TEST(ArticleCacheTest, GetTextAnalysisWorksWithoutAChain) {
  v1::Enrichment e;
  e.set_headline("Quake Hits Coast");
  StageContext ctx{e, nullptr};
  const TextAnalysis& t = GetTextAnalysis(ctx);
  EXPECT_EQ(t.headline().tokens.size(), 3u);
  EXPECT_EQ(&t, &GetTextAnalysis(ctx));
}

// Records the analysis it saw and its body token count.
class AnalysisReadingStage : public Stage {
 public:
  AnalysisReadingStage(std::string name, std::string field, std::vector<const TextAnalysis*>* seen)
      : name_(std::move(name)), field_(std::move(field)), seen_(seen) {}
  std::string_view name() const override { return name_; }
  std::string_view output_field() const override { return field_; }
  ModelInfo model() const override { return {"reader", "1"}; }
  absl::Status Process(StageContext& ctx) const override {
    const TextAnalysis& t = GetTextAnalysis(ctx);
    seen_->push_back(&t);
    if (t.body().tokens.empty()) return absl::InvalidArgumentError("no tokens");
    if (t.body().text.data() != ctx.enrichment.body().data()) {
      return absl::InternalError("analysis of another text");
    }
    return absl::OkStatus();
  }

 private:
  std::string name_, field_;
  std::vector<const TextAnalysis*>* seen_;
};

TEST(ArticleCacheTest, ChainComputesTheAnalysisOncePerRun) {
  std::vector<const TextAnalysis*> seen;
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<AnalysisReadingStage>("first", "entities", &seen));
  stages.push_back(std::make_unique<AnalysisReadingStage>("second", "figures", &seen));
  absl::StatusOr<std::unique_ptr<Chain>> chain = Chain::FromStages(std::move(stages));
  ASSERT_TRUE(chain.ok()) << chain.status();
  ChainScratch scratch = (*chain)->NewScratch();

  v1::Enrichment e;
  e.set_body("Talks resumed in Geneva. Both sides spoke.");
  const ChainResult result = (*chain)->Run(e, scratch);
  ASSERT_TRUE(result.status.ok()) << result.status;
  EXPECT_EQ(e.errors_size(), 0);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], seen[1]);

  // A new run analyses the new article.
  seen.clear();
  v1::Enrichment other;
  other.set_body("Snow.");
  ASSERT_TRUE((*chain)->Run(other, scratch).status.ok());
  EXPECT_EQ(other.errors_size(), 0);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], seen[1]);
}

}  // namespace
}  // namespace wirelens::pipeline
