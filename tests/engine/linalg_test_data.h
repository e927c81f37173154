#pragma once
// Data and helpers the linear-algebra tests (tst_linalg, tst_pca) share.
#include "error_of.h"

#include "core/input_error.h"
#include "data/csv_reader.h"

#include <Eigen/Dense>
#include <QString>

#include <random>
#include <string>
#include <vector>

namespace linalgtest {

using enginetest::errorOf;

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

struct Dataset {
    MatrixXd x;
    std::vector<std::string> names;
};

// The numeric columns of a bundled data set, except `label`.
inline Dataset load(const char* name, const char* label)
{
    const auto table = mlwb::data::readCsvFile(std::string(MLWB_DATASETS "/") + name + ".csv").table;
    Dataset d;
    for (const auto& c : table.columns)
        if (c.type == mlwb::data::ColumnType::Numeric && c.name != label)
            d.names.push_back(c.name);
    d.x.resize(Index(table.rowCount()), Index(d.names.size()));
    for (std::size_t j = 0; j < d.names.size(); ++j) {
        const auto& c = table.column(d.names[j]);
        for (std::size_t i = 0; i < table.rowCount(); ++i)
            d.x(Index(i), Index(j)) = c.numbers[i];
    }
    return d;
}

inline Dataset iris() { return load("iris", "species"); }
inline Dataset wine() { return load("wine", "cultivar"); }
inline Dataset digits() { return load("digits", "digit"); }

// A matrix with the given singular values: U·diag(s)·Vᵀ with U's columns orthonormal and
// orthogonal to the ones vector (so centring leaves it as it is) and V orthogonal.
inline MatrixXd withSingularValues(Index rows, const VectorXd& s, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    const Index p = s.size();
    MatrixXd a(rows, p), b(p, p);
    for (MatrixXd* m : {&a, &b})
        for (Index j = 0; j < m->cols(); ++j)
            for (Index i = 0; i < m->rows(); ++i)
                (*m)(i, j) = normal(rng);
    a.rowwise() -= a.colwise().mean();
    const MatrixXd u = Eigen::HouseholderQR<MatrixXd>(a).householderQ() * MatrixXd::Identity(rows, p);
    const MatrixXd v = Eigen::HouseholderQR<MatrixXd>(b).householderQ();
    return u * s.asDiagonal() * v.transpose();
}

inline double maxAbs(const MatrixXd& m) { return m.cwiseAbs().maxCoeff(); }

} // namespace linalgtest
