#include <catch2/catch.hpp>

#include "sim/rules/case_fold.hpp"

namespace edasim::rules {

TEST_CASE("folding lowers ASCII and leaves other bytes alone") {
  CHECK(fold_case("Hello, WORLD 42!") == "hello, world 42!");
  CHECK(fold_case("") == "");
}

TEST_CASE("folding lowers Latin-1, Latin Extended-A, Greek and Cyrillic") {
  CHECK(fold_case("ÀÉÎÕÜ") == "àéîõü");
  CHECK(fold_case("×") == "×");
  CHECK(fold_case("ĀĆŁŽ") == "āćłž");
  CHECK(fold_case("Ÿ") == "ÿ");
  CHECK(fold_case("ΑΒΓΩΆ") == "αβγωά");
  CHECK(fold_case("ПРИВЕТ Ё") == "привет ё");
}

TEST_CASE("folding keeps code points it does not map and invalid bytes") {
  CHECK(fold_case("日本") == "日本");
  CHECK(fold_case("ß") == "ß");
  const std::string invalid = "A\xC3";
  CHECK(fold_case(invalid) == "a\xC3");
}

}  // namespace edasim::rules
