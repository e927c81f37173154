#pragma once
// Principal component analysis, fitted two ways on the same data — the covariance matrix's
// eigenvectors, or a thin SVD of the centred data — or, for the top components of a large
// matrix, by randomized SVD. The numbers follow scikit-learn's PCA, so they match what
// learners see in course notebooks: variances with n − 1, ratios over the total variance, and
// its sign convention (scikit-learn ≥ 1.5: svd_flip with u_based_decision=False; the largest
// entry of each component positive; linalg/svd_flip.h), under which both routes give the
// same components.
#include "linalg/randomized_svd.h"

#include <Eigen/Core>

#include <string>
#include <vector>

namespace mlwb::linalg {

enum class PcaSolver {
    // Eigenvectors of XᵀX/(n − 1) (linalg/symmetric_eigen.h). Fast, but forming XᵀX squares
    // the condition number: variances below about 1e-16 of the largest are lost.
    Covariance,
    // Thin SVD of the centred data: Householder QR, then the SVD of the triangle R (as LAPACK's
    // gesdd does for tall matrices; linalg/small_svd.h). Singular values accurate to 1e-16 of
    // the largest.
    Svd,
    // Randomized SVD of the centred data (linalg/randomized_svd.h): the top components only.
    // The data are centred and scaled inside its products, not copied (linalg/centred_operator.h).
    Randomized,
};

struct PcaOptions {
    PcaSolver solver = PcaSolver::Svd;
    bool center = true;
    // Divide each column by its population standard deviation (scikit-learn's StandardScaler).
    bool standardize = false;
    // Components to keep; 0: all, min(rows, columns). Randomized needs a number.
    int components = 0;
    // When > 0 (at most 1): keep the fewest components whose ratios add up to more than this
    // (scikit-learn's PCA(n_components=0.95)); overrides `components`. Not with Randomized.
    double varianceFraction = 0;
    // Scores divided by their standard deviation, so each has unit variance.
    bool whiten = false;
    // Compute the fitted rows' scores (PcaFit::scores). false: the fit alone, as scikit-learn's
    // PCA.fit; the covariance and SVD routes then leave the scores empty (Randomized has them
    // anyway).
    bool scores = true;
    RandomizedSvdOptions randomized;
    // The columns' names, for messages (optional).
    std::vector<std::string> columnNames;
};

// A fitted PCA: k components of p features.
struct Pca {
    Eigen::RowVectorXd mean;     // subtracted from each row (zeros when not centring)
    Eigen::RowVectorXd scale;    // then divided by (ones when not standardizing)
    Eigen::MatrixXd components;  // k × p; row i is the i-th principal axis (scikit-learn's components_)
    Eigen::VectorXd explainedVariance;       // k: the variance of each score column, σᵢ²/(n − 1)
    Eigen::VectorXd explainedVarianceRatio;  // k: its share of totalVariance
    Eigen::VectorXd singularValues;          // k: of the centred (and scaled) data
    // Every component the solver computed, not only the k kept (a scree plot): min(rows,
    // columns) of them for Covariance and Svd, k for Randomized. Largest first.
    Eigen::VectorXd allExplainedVariance;
    Eigen::VectorXd allSingularValues;
    double totalVariance = 0;  // the sum of the columns' variances (n − 1) after scaling
    bool whiten = false;

    Eigen::Index componentCount() const { return components.rows(); }
    // Rows of p features → rows of k scores. InputError for another number of columns or a
    // value that is NaN or infinite.
    Eigen::MatrixXd transform(const Eigen::MatrixXd& x) const;
    // Rows of k scores → rows of p features: x again when all components are kept.
    // InputError for another number of columns.
    Eigen::MatrixXd inverseTransform(const Eigen::MatrixXd& scores) const;
};

struct PcaFit {
    Pca pca;
    Eigen::MatrixXd scores;  // transform(x) of the fitted rows
};

// InputError, naming the input: fewer than 2 rows; a value that is NaN or infinite (its column
// and row); more components than features or rows; a variance fraction outside (0, 1]; a
// constant column under standardizing (its name or index); whitening a component of zero
// variance.
PcaFit fitPca(const Eigen::MatrixXd& x, const PcaOptions& options = {});

// The fewest leading components whose explained variance ratios add up to more than
// `fraction` (scikit-learn's PCA(n_components=fraction)); all of them when even all do not.
Eigen::Index componentsForVariance(const Eigen::VectorXd& ratios, double fraction);

} // namespace mlwb::linalg
