#include "bench/pca_workloads.h"

#include "linalg/randomized_svd.h"
#include "linalg/toy_data.h"

#include <Eigen/Eigenvalues>
#include <fmt/format.h>

#include <memory>

namespace mlwb::bench {

using Eigen::Index;
using Eigen::MatrixXd;
using linalg::PcaSolver;

namespace {

constexpr int kRandomRank = 10;

const char* routeName(PcaSolver solver)
{
    switch (solver) {
    case PcaSolver::Covariance: return "eigh";
    case PcaSolver::Svd: return "svd";
    case PcaSolver::Randomized: break;
    }
    return "randomized";
}

// The top-k principal axes (cols × k) by Eigen alone: its product and its eigensolver, so the
// check shares no code with the routes it checks.
MatrixXd exactAxes(const MatrixXd& x, int k)
{
    const MatrixXd xc = x.rowwise() - x.colwise().mean();
    const Eigen::SelfAdjointEigenSolver<MatrixXd> eigen(xc.transpose() * xc);
    return eigen.eigenvectors().rightCols(k);
}

} // namespace

Workload pcaDigitsWorkload(std::function<MatrixXd()> data, PcaSolver solver)
{
    return {"W6_pca_digits",
            fmt::format("full PCA fit of digits 1797×64 by the {} route, all 64 components (NumPy eigh 0.7 ms, "
                        "scikit-learn full SVD 9 ms)",
                        routeName(solver)),
            [data, solver] {
                auto x = std::make_shared<const MatrixXd>(data());
                auto fit = std::make_shared<linalg::PcaFit>();
                const linalg::PcaOptions options{.solver = solver, .scores = false};
                PreparedWorkload w;
                w.run = [=] { *fit = linalg::fitPca(*x, options); };
                w.workPerRun = double(x->size()) * sizeof(double);
                w.rateScale = 1e9;
                w.rateUnit = "GB/s";
                w.verify = [=] {
                    const MatrixXd& c = fit->pca.components;
                    const double orthonormality = (c * c.transpose() - MatrixXd::Identity(c.rows(), c.rows())).norm();
                    const double roundTrip = (fit->pca.inverseTransform(fit->pca.transform(*x)) - *x).cwiseAbs().maxCoeff();
                    return c.rows() == std::min(x->rows(), x->cols()) && orthonormality < 1e-10 &&
                           roundTrip < 1e-10 * x->cwiseAbs().maxCoeff();
                };
                w.details = [=] {
                    return std::vector<Detail>{{"explained variance ratio 1", fit->pca.explainedVarianceRatio(0), ""}};
                };
                return w;
            }};
}

Workload pcaRandomWorkload(PcaSolver solver, Index rows, Index cols)
{
    return {fmt::format("W6_pca_rand.{}", routeName(solver)),
            fmt::format("top {} PCA components of a {}×{} rank-{} + unit-noise matrix by the {} route (NumPy eigh "
                        "37 ms, scikit-learn full SVD 258 ms, randomized 171 ms)",
                        kRandomRank, rows, cols, kRandomRank, routeName(solver)),
            [solver, rows, cols] {
                auto x = std::make_shared<const MatrixXd>(linalg::lowRankPlusNoise(rows, cols, kRandomRank, 1.0, 6));
                auto exact = std::make_shared<const MatrixXd>(exactAxes(*x, kRandomRank));
                auto fit = std::make_shared<linalg::PcaFit>();
                const linalg::PcaOptions options{.solver = solver,
                                                 .components = kRandomRank,
                                                 .scores = false,
                                                 .randomized = {.oversamples = 2, .powerIterations = 4}};
                auto sine = [=] { return linalg::largestPrincipalAngleSine(*exact, fit->pca.components.transpose()); };
                PreparedWorkload w;
                w.run = [=] { *fit = linalg::fitPca(*x, options); };
                w.workPerRun = double(x->size()) * sizeof(double);
                w.rateScale = 1e9;
                w.rateUnit = "GB/s";
                w.verify = [=] { return fit->pca.componentCount() == kRandomRank && sine() < 1e-6; };
                w.details = [=] { return std::vector<Detail>{{"largest principal-angle sine vs exact", sine(), ""}}; };
                return w;
            }};
}

} // namespace mlwb::bench
