#pragma once
#include "data/table.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace mlwb::preprocess {

// One learned value, as text, for the GUI's "what did fit learn" table:
// {"age", "median", "28"}, {"embarked", "category 2", "S"}. `step` names the pipeline step or
// column-transformer branch it came from ("numeric/scale"); empty for a lone transformer.
struct LearnedParameter {
    std::string column;
    std::string name;
    std::string value;
    std::string step;
};

// A preprocessing step in the scikit-learn style: fit learns from a table, transform applies
// what was learned to any table with the fitted columns. transform takes the table by value so
// a caller can std::move a large table in and have its columns rewritten in place.
// Errors users cause (transform before fit, a fitted column absent or of another type, bad
// JSON) are mlwb::InputError naming the column or key.
class Transformer {
public:
    virtual ~Transformer() = default;

    // Stable id used in JSON: "simple_imputer", "standard_scaler", "pipeline", ...
    virtual std::string kind() const = 0;
    virtual void fit(const data::Table& table) = 0;
    virtual data::Table transform(data::Table table) const = 0;
    // fit then transform; composites override it to avoid copying the table.
    virtual data::Table fitTransform(data::Table table);
    bool fitted() const { return fitted_; }
    // Configuration and learned state; fromJson(toJson()) transforms identically, bit for bit.
    virtual nlohmann::json toJson() const = 0;
    virtual std::vector<LearnedParameter> learned() const = 0;

protected:
    // InputError "the <kind> has not been fitted yet ..." unless fitted.
    void requireFitted() const;
    bool fitted_ = false;
};

// Rebuilds any transformer from its toJson(). InputError naming the bad key and where it sits
// (`where` is the object's path, e.g. "steps[1].transformer"; empty at the top) for anything
// malformed.
std::unique_ptr<Transformer> fromJson(const nlohmann::json& json, const std::string& where = {});

} // namespace mlwb::preprocess
