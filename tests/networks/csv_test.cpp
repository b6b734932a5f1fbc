#include "networks/io/csv.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "networks/input_error.h"

namespace ouflow::io {
namespace {

namespace fs = std::filesystem;

class CsvTest : public ::testing::Test {
 protected:
  CsvTest() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("ouflow_csv_test_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~CsvTest() override { fs::remove_all(dir_); }

  // Writes `bytes` exactly (no newline translation) and returns the path.
  fs::path write(const std::string& bytes, const std::string& name = "t.csv") {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }

  fs::path dir_;
};

// The message of the InputError thrown by f, or a failure.
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError thrown";
  return "";
}

void read_all(const fs::path& p) {
  CsvReader r(p);
  while (r.next()) {
  }
}

TEST_F(CsvTest, HeaderColumnsAreTrimmedAndCaseSensitive) {
  CsvReader r(write(" id , Name,\tvalue\t\n1,a,2.5\n"));
  EXPECT_EQ(r.header(), (std::vector<std::string>{"id", "Name", "value"}));
  EXPECT_EQ(r.column("id"), 0u);
  EXPECT_EQ(r.column("Name"), 1u);
  EXPECT_FALSE(r.column("name").has_value());
  EXPECT_EQ(r.require_column("value"), 2u);
  EXPECT_EQ(r.column_any({"val", "value", "id"}), 2u);
  EXPECT_FALSE(r.column_any({"x", "y"}).has_value());
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.line(), 2u);
  EXPECT_EQ(r.integer(0), 1);
  EXPECT_EQ(r.field(1), "a");
  EXPECT_EQ(r.number(2), 2.5);
  EXPECT_FALSE(r.next());
}

TEST_F(CsvTest, MissingColumnNamesFileLineAndColumn) {
  const fs::path p = write("a,b\n1,2\n");
  const std::string msg = error_of([&] { CsvReader(p).require_column("capacity"); });
  EXPECT_NE(msg.find("t.csv:1"), std::string::npos) << msg;
  EXPECT_NE(msg.find("field 'capacity'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("missing column"), std::string::npos) << msg;
}

TEST_F(CsvTest, QuotedFieldsHoldCommasQuotesAndNewlines) {
  CsvReader r(
      write("id,name,note\n"
            "1,\"Main St, north\",\"say \"\"hi\"\"\"\n"
            "2,\"two\nlines\",x\n"
            "3,after,\"\"\n"
            "4, \"spaced\" ,plain text\n"));
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.line(), 2u);
  EXPECT_EQ(r.field(1), "Main St, north");
  EXPECT_EQ(r.field(2), "say \"hi\"");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.line(), 3u);
  EXPECT_EQ(r.field(1), "two\nlines");
  EXPECT_EQ(r.field(2), "x");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.line(), 5u);  // the record above spans lines 3 and 4
  EXPECT_EQ(r.field(1), "after");
  EXPECT_EQ(r.field(2), "");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.line(), 6u);
  EXPECT_EQ(r.field(1), "spaced");  // blanks around a quoted field are not part of it
  EXPECT_EQ(r.field(2), "plain text");
  EXPECT_FALSE(r.next());
}

TEST_F(CsvTest, QuoteInsideUnquotedFieldIsLiteral) {
  CsvReader r(write("a,b\n5'6\",x\n"));
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.field(0), "5'6\"");
}

TEST_F(CsvTest, BomCrlfAndBlankLines) {
  CsvReader r(
      write("\xEF\xBB\xBF"
            "a,b\r\n"
            "\r\n"
            "1,2\r\n"
            "   \r\n"
            "3,\"x\r\ny\"\r\n"
            "\n"
            "4,"));  // no final line break; a trailing comma leaves an empty last field
  EXPECT_EQ(r.header().front(), "a");
  EXPECT_EQ(r.column("a"), 0u);
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.line(), 3u);
  EXPECT_EQ(r.field(0), "1");
  EXPECT_EQ(r.field(1), "2");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.line(), 5u);
  EXPECT_EQ(r.field(1), "x\ny");  // CRLF inside quotes reads as LF
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.line(), 8u);
  EXPECT_EQ(r.field(0), "4");
  EXPECT_EQ(r.field(1), "");
  EXPECT_TRUE(r.blank(1));
  EXPECT_FALSE(r.next());
}

TEST_F(CsvTest, UnknownColumnsAreIgnoredAndAbsentColumnsAreBlank) {
  CsvReader r(write("geometry,id,extra\n\"LINESTRING (1 2, 3 4)\",7,zz\n"));
  const std::size_t id = r.require_column("id");
  const auto absent = r.column("toll");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.integer(id), 7);
  EXPECT_EQ(r.field(absent), "");
  EXPECT_TRUE(r.blank(absent));
  EXPECT_FALSE(r.optional_number(absent).has_value());
  EXPECT_FALSE(r.optional_integer(absent).has_value());
}

TEST_F(CsvTest, RaggedRowsAreErrorsWithLineNumbers) {
  const fs::path few = write("a,b,c\n1,2,3\n\n4,5\n", "few.csv");
  std::string msg = error_of([&] { read_all(few); });
  EXPECT_NE(msg.find("few.csv:4"), std::string::npos) << msg;
  EXPECT_NE(msg.find("2 fields"), std::string::npos) << msg;

  const fs::path many = write("a,b\n1,2\n3,\"x,\ny\",5\n", "many.csv");
  msg = error_of([&] { read_all(many); });
  EXPECT_NE(msg.find("many.csv:3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("3 fields"), std::string::npos) << msg;
}

TEST_F(CsvTest, UnterminatedQuoteNamesTheRecordStart) {
  const fs::path p = write("a,name\n1,ok\n2,\"open\n\nstill open\n");
  const std::string msg = error_of([&] { read_all(p); });
  EXPECT_NE(msg.find("t.csv:3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("field 'name'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("not closed"), std::string::npos) << msg;
}

TEST_F(CsvTest, TextAfterClosingQuoteIsAnError) {
  const fs::path p = write("a,b\n1,\"x\"y\n");
  const std::string msg = error_of([&] { read_all(p); });
  EXPECT_NE(msg.find("t.csv:2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("field 'b'"), std::string::npos) << msg;
}

TEST_F(CsvTest, EmptyFileAndDuplicateHeaderAreErrors) {
  const fs::path empty = write("\n  \n", "empty.csv");
  EXPECT_NE(error_of([&] { CsvReader r(empty); }).find("header"), std::string::npos);
  const fs::path dup = write("a,b,a\n", "dup.csv");
  const std::string msg = error_of([&] { CsvReader r(dup); });
  EXPECT_NE(msg.find("dup.csv:1"), std::string::npos) << msg;
  EXPECT_NE(msg.find("field 'a'"), std::string::npos) << msg;
  const fs::path missing = dir_ / "nope.csv";
  EXPECT_NE(error_of([&] { CsvReader r(missing); }).find("cannot open"), std::string::npos);
}

TEST_F(CsvTest, NumbersAreStrict) {
  CsvReader r(write("x,y\n12a,NaN\n 3.5 ,\n"));
  ASSERT_TRUE(r.next());
  std::string msg = error_of([&] { r.number(0); });
  EXPECT_NE(msg.find("t.csv:2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("field 'x'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("not a number"), std::string::npos) << msg;
  msg = error_of([&] { r.number(1); });
  EXPECT_NE(msg.find("field 'y'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("not a finite number"), std::string::npos) << msg;
  msg = error_of([&] { r.integer(0); });
  EXPECT_NE(msg.find("not an integer"), std::string::npos) << msg;
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.number(0), 3.5);
  EXPECT_EQ(r.optional_number(r.column("x")), 3.5);
  EXPECT_FALSE(r.optional_number(r.column("y")).has_value());
  msg = error_of([&] { r.number(1); });
  EXPECT_NE(msg.find("t.csv:3"), std::string::npos) << msg;
  EXPECT_NE(msg.find("missing value"), std::string::npos) << msg;
}

TEST(CsvWriter, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvWriter::escape("plain"), "plain");
  EXPECT_EQ(CsvWriter::escape(""), "");
  EXPECT_EQ(CsvWriter::escape("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvWriter::escape("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvWriter::escape("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvWriter::escape("cr\r"), "\"cr\r\"");
  EXPECT_EQ(CsvWriter::escape(" lead"), "\" lead\"");
  EXPECT_EQ(CsvWriter::escape("trail\t"), "\"trail\t\"");
  EXPECT_EQ(CsvWriter::escape("in side"), "in side");
}

TEST(CsvWriter, WritesNumbersAndRows) {
  std::ostringstream os;
  CsvWriter w(os, {"id", "v", "name"});
  w.field(std::int64_t{-3}).field(0.1).field("x, y").end_row();
  w.field(std::int32_t{7}).field(std::nan("")).empty_field().end_row();
  EXPECT_EQ(os.str(), "id,v,name\n-3,0.1,\"x, y\"\n7,,\n");
  EXPECT_THROW(w.field("only one").end_row(), std::logic_error);
}

TEST(CsvWriter, RoundedFieldsHaveFixedDecimalsWithTrailingZerosTrimmed) {
  EXPECT_EQ(format_rounded(12.3456, 2), "12.35");
  EXPECT_EQ(format_rounded(12.3, 2), "12.3");
  EXPECT_EQ(format_rounded(3.0, 3), "3");
  EXPECT_EQ(format_rounded(1e6, 2), "1000000");
  EXPECT_EQ(format_rounded(0.000049, 4), "0");
  EXPECT_EQ(format_rounded(-0.0001, 2), "0");  // no "-0"
  EXPECT_EQ(format_rounded(-2.5, 0), "-2");    // round half to even, as printf
  EXPECT_EQ(format_rounded(0.1 + 0.2, 3), "0.3");
  EXPECT_EQ(format_rounded(12345.678, 0), "12346");
  std::ostringstream os;
  CsvWriter w(os, {"a", "b", "c", "d"});
  w.rounded(1.23456789, 4)
      .rounded(std::nan(""), 2)
      .rounded(std::numeric_limits<double>::infinity(), 2)
      .rounded(-7.125, 2)
      .end_row();
  EXPECT_EQ(os.str(), "a,b,c,d\n1.2346,,,-7.12\n");
}

TEST_F(CsvTest, WriterReaderRoundTrip) {
  const std::vector<std::string> values = {
      "plain", "",  "a,b", "\"quoted\"", "multi\nline",   " lead", "trail ",
      "\t",    ",", "\"",  "x\"y",       "汉字, ünïcode", "end,\n"};
  const fs::path p = dir_ / "rt.csv";
  {
    std::ofstream out(p, std::ios::binary);
    CsvWriter w(out, {"k", "value"});
    for (std::size_t i = 0; i < values.size(); ++i) {
      w.field(static_cast<std::int64_t>(i)).field(values[i]).end_row();
    }
  }
  CsvReader r(p);
  for (std::size_t i = 0; i < values.size(); ++i) {
    ASSERT_TRUE(r.next()) << i;
    EXPECT_EQ(r.integer(0), static_cast<std::int64_t>(i));
    EXPECT_EQ(r.field(1), values[i]) << i;
  }
  EXPECT_FALSE(r.next());
}

TEST_F(CsvTest, SingleEmptyFieldRowSurvivesRoundTrip) {
  const fs::path p = dir_ / "one.csv";
  {
    std::ofstream out(p, std::ios::binary);
    CsvWriter w(out, {"name"});
    w.field("a").end_row();
    w.empty_field().end_row();
    w.field("b").end_row();
  }
  CsvReader r(p);
  std::vector<std::string> got;
  while (r.next()) got.emplace_back(r.field(0));
  EXPECT_EQ(got, (std::vector<std::string>{"a", "", "b"}));
}

TEST_F(CsvTest, ReadsFromMemoryUnderAGivenName) {
  CsvReader r("feed.zip/stops.txt", std::string("\xEF\xBB\xBFid,name\r\n1,\"a,\nb\"\r\n2,c"));
  EXPECT_EQ(r.header()[0], "id");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.field(1), "a,\nb");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.line(), 4u);
  EXPECT_EQ(r.field(1), "c");
  EXPECT_FALSE(r.next());
  const std::string e = error_of([] {
    CsvReader bad("feed.zip/x.txt", std::string("a,b\n1,2,3\n"));
    while (bad.next()) {
    }
  });
  EXPECT_NE(e.find("feed.zip/x.txt:2: record has 3 fields"), std::string::npos) << e;
  EXPECT_NE(error_of([] { CsvReader empty("mem.txt", std::string()); }).find("mem.txt: empty file"),
            std::string::npos);
}

TEST_F(CsvTest, PadsShortRecordsOnlyWhenAsked) {
  const fs::path p = write("a,b,c\n1,2\n3,4,5\n");
  EXPECT_NE(error_of([&] { read_all(p); }).find(":2: record has 2 fields"), std::string::npos);
  CsvReader r(p);
  r.set_pad_short_records(true);
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.padded_fields(), 1u);
  EXPECT_EQ(r.field(2), "");
  EXPECT_TRUE(r.blank(2));
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.padded_fields(), 0u);
  EXPECT_EQ(r.field(2), "5");
}

}  // namespace
}  // namespace ouflow::io
