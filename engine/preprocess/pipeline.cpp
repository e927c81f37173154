#include "preprocess/pipeline.h"

#include "core/atomic_file.h"
#include "core/regular_file.h"
#include "core/input_error.h"
#include "preprocess/json_fields.h"

#include <fmt/format.h>
#include <fstream>
#include <cstdio>

namespace mlwb::preprocess {

using data::Table;

namespace {

constexpr const char* fileFormat = "mlwb-pipeline";
constexpr int fileVersion = 1;

} // namespace

Pipeline& Pipeline::add(std::string name, std::unique_ptr<Transformer> transformer)
{
    steps_.push_back({std::move(name), std::move(transformer)});
    fitted_ = false;
    return *this;
}

void Pipeline::fit(const Table& table)
{
    fitTransform(table);
}

Table Pipeline::fitTransform(Table table)
{
    fitted_ = false;
    for (auto& step : steps_)
        table = step.transformer->fitTransform(std::move(table));
    fitted_ = true;
    return table;
}

Table Pipeline::transform(Table table) const
{
    requireFitted();
    for (const auto& step : steps_)
        table = step.transformer->transform(std::move(table));
    return table;
}

nlohmann::json Pipeline::toJson() const
{
    nlohmann::json j;
    j["kind"] = kind();
    j["fitted"] = fitted_;
    auto steps = nlohmann::json::array();
    for (const auto& step : steps_)
        steps.push_back({{"name", step.name}, {"transformer", step.transformer->toJson()}});
    j["steps"] = steps;
    return j;
}

std::unique_ptr<Pipeline> Pipeline::fromJson(const JsonFields& json)
{
    auto pipeline = std::make_unique<Pipeline>();
    const auto& steps = json.at("steps");
    if (!steps.is_array())
        json.fail("steps", "must be an array");
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const JsonFields step(steps[i], fmt::format("{}[{}]", json.path("steps"), i));
        pipeline->add(step.text("name"), preprocess::fromJson(step.at("transformer"), step.path("transformer")));
    }
    pipeline->fitted_ = json.flag("fitted");
    for (std::size_t i = 0; i < pipeline->steps_.size(); ++i)
        if (pipeline->fitted_ && !pipeline->steps_[i].transformer->fitted())
            json.fail(fmt::format("steps[{}].transformer.fitted", i), "must be true in a fitted pipeline");
    return pipeline;
}

std::vector<LearnedParameter> Pipeline::learned() const
{
    std::vector<LearnedParameter> out;
    for (const auto& step : steps_)
        for (auto p : step.transformer->learned()) {
            p.step = p.step.empty() ? step.name : fmt::format("{}/{}", step.name, p.step);
            out.push_back(std::move(p));
        }
    return out;
}

void Pipeline::saveJson(const std::string& path) const
{
    refuseNonRegularTarget(path, "pipeline file");
    const nlohmann::json file{{"format", fileFormat}, {"version", fileVersion}, {"pipeline", toJson()}};
    // Atomic: a full disk or a second run reading the same path never sees half a pipeline.
    writeFileAtomically(path, file.dump(1, '\t') + '\n');
}

bool Pipeline::isSavedPipelineFile(const std::string& path)
{
    refuseNonRegularTarget(path, "pipeline file");  // a FIFO would block the read below
    std::ifstream in(path, std::ios::binary);
    char head[64] = {};
    in.read(head, sizeof head);
    // saveJson's first key is "format" (nlohmann::json keeps keys sorted).
    return std::string_view(head, std::size_t(in.gcount())).find(fmt::format("\"format\": \"{}\"", fileFormat)) !=
           std::string_view::npos;
}

Pipeline Pipeline::loadJson(const std::string& path)
{
    const RegularFile opened = openRegularFile(path, "saved pipeline");
    std::string text;
    char block[65536];
    while (const std::size_t n = std::fread(block, 1, sizeof block, opened.file.get())) {
        text.append(block, n);
        if (text.size() > opened.maxBytes)
            throwTooLarge(path, "saved pipeline", opened.maxBytes);
    }
    if (std::ferror(opened.file.get()))
        throw InputError(fmt::format("cannot read the saved pipeline \"{}\"", path));
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw InputError(fmt::format("\"{}\" is not valid JSON (at byte {})", path, e.byte));
    }
    try {
        const JsonFields file(json, {});
        if (file.text("format") != fileFormat)
            file.fail("format", fmt::format("must be \"{}\"", fileFormat));
        if (file.count("version") != fileVersion)
            file.fail("version", fmt::format("must be {} (this program reads no other version)", fileVersion));
        auto transformer = preprocess::fromJson(file.at("pipeline"), "pipeline");
        auto* pipeline = dynamic_cast<Pipeline*>(transformer.get());
        if (!pipeline)
            file.fail("pipeline.kind", "must be \"pipeline\"");
        return std::move(*pipeline);
    } catch (const InputError& e) {
        throw InputError(fmt::format("{}: {}", path, e.what()));
    }
}

} // namespace mlwb::preprocess
