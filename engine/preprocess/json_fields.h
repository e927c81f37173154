#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace mlwb::preprocess {

// Reads one JSON object of a saved transformer, turning every malformed or absent key into an
// InputError that names it with its path: `saved pipeline: "steps[1].means" is missing`.
class JsonFields {
public:
    // `where` is the object's path ("steps[1]"), empty for the top level.
    JsonFields(const nlohmann::json& json, std::string where);

    bool has(std::string_view key) const { return json_.contains(key); }
    const nlohmann::json& at(std::string_view key) const;
    std::string text(std::string_view key) const;
    double number(std::string_view key) const;
    bool flag(std::string_view key) const;
    std::size_t count(std::string_view key) const;
    std::vector<std::string> texts(std::string_view key) const;
    std::vector<double> numbers(std::string_view key) const;
    // `key` as an array of `size` entries (InputError otherwise).
    const nlohmann::json& array(std::string_view key, std::size_t size) const;
    JsonFields object(std::string_view key) const;

    // "steps[1].means" for key "means".
    std::string path(std::string_view key) const;
    [[noreturn]] void fail(std::string_view key, std::string_view problem) const;

private:
    const nlohmann::json& json_;
    std::string where_;
};

// A double as JSON, exactly: finite values as numbers (nlohmann writes the shortest text that
// reads back to the same bits), NaN and infinities as the strings "NaN", "Infinity", "-Infinity"
// because JSON has no literal for them.
nlohmann::json jsonNumber(double value);
nlohmann::json jsonNumbers(const std::vector<double>& values);
// The reverse; false if `json` is neither a number nor one of those strings.
bool readJsonNumber(const nlohmann::json& json, double& value);

} // namespace mlwb::preprocess
