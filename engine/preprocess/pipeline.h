#pragma once
#include "preprocess/transformer.h"

namespace mlwb::preprocess {

class JsonFields;

// Named steps run in order. fit runs fit-then-transform through every step, so each step
// learns from what the previous ones produce; transform runs the fitted steps. A fitted
// pipeline saved with saveJson and read back with loadJson transforms new data identically,
// bit for bit (every learned double is written in shortest round-trip form).
class Pipeline : public Transformer {
public:
    struct Step {
        std::string name;
        std::unique_ptr<Transformer> transformer;
    };

    Pipeline() = default;
    // Appends a step; returns *this so steps can be chained.
    Pipeline& add(std::string name, std::unique_ptr<Transformer> transformer);
    const std::vector<Step>& steps() const { return steps_; }

    std::string kind() const override { return "pipeline"; }
    // Copies the table once; prefer fitTransform(std::move(table)) for large tables.
    void fit(const data::Table& table) override;
    data::Table fitTransform(data::Table table) override;
    data::Table transform(data::Table table) const override;
    nlohmann::json toJson() const override;
    // Every step's parameters, `step` naming the step ("scale", or "columns/numeric/scale").
    std::vector<LearnedParameter> learned() const override;
    static std::unique_ptr<Pipeline> fromJson(const JsonFields& json);

    // The pipeline as a JSON file {"format": "mlwb-pipeline", "version": 1, "pipeline": ...};
    // InputError naming the path when it cannot be written or read, or is malformed.
    void saveJson(const std::string& path) const;
    static Pipeline loadJson(const std::string& path);
    // True when the file at path begins as saveJson writes it (read: its first bytes only).
    static bool isSavedPipelineFile(const std::string& path);

private:
    std::vector<Step> steps_;
};

} // namespace mlwb::preprocess
