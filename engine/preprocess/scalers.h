#pragma once
#include "preprocess/transformer.h"

#include <array>
#include <span>

namespace mlwb::preprocess {

class JsonFields;

// What the three scalers share: each learns two numbers per numeric column and rewrites the
// column in place. Missing entries stay NaN and are ignored by fit, as in scikit-learn.
// Default columns: every numeric column. A column with no observed value is an InputError.
class NumericScaler : public Transformer {
public:
    void fit(const data::Table& table) final;
    data::Table transform(data::Table table) const final;
    nlohmann::json toJson() const final;
    std::vector<LearnedParameter> learned() const final;

    const std::vector<std::string>& columns() const { return columns_; }
    const std::vector<std::string>& fittedColumns() const { return fitted_columns_; }
    // Per fitted column, the two learned numbers named by parameterNames().
    const std::vector<std::array<double, 2>>& parameters() const { return parameters_; }
    virtual std::array<const char*, 2> parameterNames() const = 0;

protected:
    explicit NumericScaler(std::vector<std::string> columns);
    // The two numbers for a column with at least one observed value.
    virtual std::array<double, 2> learnColumn(const data::Column& column) const = 0;
    virtual void scale(std::span<double> values, const std::array<double, 2>& p) const = 0;
    virtual void checkOptions() const {}
    virtual void writeOptions(nlohmann::json&) const {}
    // The columns and learned numbers from toJson(), for the scalers' fromJson.
    void readState(const JsonFields& json);

private:
    std::vector<std::string> columns_;
    std::vector<std::string> fitted_columns_;
    std::vector<std::array<double, 2>> parameters_;
};

// (x − mean) / std with the population std (scikit-learn's StandardScaler). A constant column
// learns std 0 and becomes exactly 0 (its mean is taken as its value, so no rounding residue).
class StandardScaler : public NumericScaler {
public:
    explicit StandardScaler(std::vector<std::string> columns = {});
    std::string kind() const override { return "standard_scaler"; }
    std::array<const char*, 2> parameterNames() const override { return {"mean", "std"}; }
    static std::unique_ptr<StandardScaler> fromJson(const JsonFields& json);

protected:
    std::array<double, 2> learnColumn(const data::Column& column) const override;
    void scale(std::span<double> values, const std::array<double, 2>& p) const override;
};

// (x − min) / (max − min) · (hi − lo) + lo (scikit-learn's MinMaxScaler(feature_range=(lo, hi))).
// A constant column becomes lo. Values outside the fitted range land outside [lo, hi].
class MinMaxScaler : public NumericScaler {
public:
    explicit MinMaxScaler(std::vector<std::string> columns = {}, double lo = 0, double hi = 1);
    std::string kind() const override { return "min_max_scaler"; }
    std::array<const char*, 2> parameterNames() const override { return {"min", "max"}; }
    double lo() const { return lo_; }
    double hi() const { return hi_; }
    static std::unique_ptr<MinMaxScaler> fromJson(const JsonFields& json);

protected:
    std::array<double, 2> learnColumn(const data::Column& column) const override;
    void scale(std::span<double> values, const std::array<double, 2>& p) const override;
    void checkOptions() const override;
    void writeOptions(nlohmann::json& json) const override;

private:
    double lo_;
    double hi_;
};

// (x − median) / IQR with the 25th and 75th percentiles as np.percentile's default (linear)
// method (scikit-learn's RobustScaler). An IQR of 0 divides by 1 instead, as scikit-learn does.
class RobustScaler : public NumericScaler {
public:
    explicit RobustScaler(std::vector<std::string> columns = {});
    std::string kind() const override { return "robust_scaler"; }
    std::array<const char*, 2> parameterNames() const override { return {"median", "IQR"}; }
    static std::unique_ptr<RobustScaler> fromJson(const JsonFields& json);

protected:
    std::array<double, 2> learnColumn(const data::Column& column) const override;
    void scale(std::span<double> values, const std::array<double, 2>& p) const override;
};

} // namespace mlwb::preprocess
