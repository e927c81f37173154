#include "preprocess/json_fields.h"

#include "core/input_error.h"

#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace mlwb::preprocess {

JsonFields::JsonFields(const nlohmann::json& json, std::string where)
    : json_(json), where_(std::move(where))
{
    if (!json_.is_object())
        throw InputError(fmt::format("saved pipeline: \"{}\" must be a JSON object",
                                     where_.empty() ? std::string("(top level)") : where_));
}

std::string JsonFields::path(std::string_view key) const
{
    return where_.empty() ? std::string(key) : fmt::format("{}.{}", where_, key);
}

void JsonFields::fail(std::string_view key, std::string_view problem) const
{
    throw InputError(fmt::format("saved pipeline: \"{}\" {}", path(key), problem));
}

const nlohmann::json& JsonFields::at(std::string_view key) const
{
    const auto it = json_.find(key);
    if (it == json_.end())
        fail(key, "is missing");
    return *it;
}

std::string JsonFields::text(std::string_view key) const
{
    const auto& j = at(key);
    if (!j.is_string())
        fail(key, "must be a text");
    return j.get<std::string>();
}

double JsonFields::number(std::string_view key) const
{
    double value = 0;
    if (!readJsonNumber(at(key), value))
        fail(key, "must be a number");
    return value;
}

bool JsonFields::flag(std::string_view key) const
{
    const auto& j = at(key);
    if (!j.is_boolean())
        fail(key, "must be true or false");
    return j.get<bool>();
}

std::size_t JsonFields::count(std::string_view key) const
{
    const auto& j = at(key);
    if (!j.is_number_unsigned())
        fail(key, "must be a whole number of at least 0");
    return j.get<std::size_t>();
}

std::vector<std::string> JsonFields::texts(std::string_view key) const
{
    const auto& j = at(key);
    std::vector<std::string> out;
    if (j.is_array()) {
        for (const auto& e : j) {
            if (!e.is_string())
                break;
            out.push_back(e.get<std::string>());
        }
        if (out.size() == j.size())
            return out;
    }
    fail(key, "must be an array of texts");
}

std::vector<double> JsonFields::numbers(std::string_view key) const
{
    const auto& j = at(key);
    if (!j.is_array())
        fail(key, "must be an array of numbers");
    std::vector<double> out(j.size());
    for (std::size_t i = 0; i < out.size(); ++i)
        if (!readJsonNumber(j[i], out[i]))
            fail(key, fmt::format("must be an array of numbers (entry {} is not)", i));
    return out;
}

const nlohmann::json& JsonFields::array(std::string_view key, std::size_t size) const
{
    const auto& j = at(key);
    if (!j.is_array())
        fail(key, "must be an array");
    if (j.size() != size)
        fail(key, fmt::format("must have {} entries, one per column, not {}", size, j.size()));
    return j;
}

JsonFields JsonFields::object(std::string_view key) const
{
    return JsonFields(at(key), path(key));
}

nlohmann::json jsonNumber(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "Infinity" : "-Infinity";
    return value;
}

nlohmann::json jsonNumbers(const std::vector<double>& values)
{
    auto out = nlohmann::json::array();
    for (double v : values)
        out.push_back(jsonNumber(v));
    return out;
}

bool readJsonNumber(const nlohmann::json& json, double& value)
{
    if (json.is_number()) {
        value = json.get<double>();
        return true;
    }
    if (!json.is_string())
        return false;
    const auto& s = json.get_ref<const std::string&>();
    if (s == "NaN")
        value = std::numeric_limits<double>::quiet_NaN();
    else if (s == "Infinity")
        value = std::numeric_limits<double>::infinity();
    else if (s == "-Infinity")
        value = -std::numeric_limits<double>::infinity();
    else
        return false;
    return true;
}

} // namespace mlwb::preprocess
