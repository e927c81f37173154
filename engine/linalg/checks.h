#pragma once
// Checks of user data shared by the linear-algebra engine. Rows and columns in messages count
// from 0, as the matrices' indices do.
#include <Eigen/Core>

#include <span>
#include <string>
#include <string_view>

namespace mlwb::linalg {

// "column 12 (proline)" when names has an entry for the column, else "column 12".
std::string columnLabel(Eigen::Index column, std::span<const std::string> names);

// InputError naming the first entry (in reading order) that is NaN or infinite by its column
// and row: "PCA needs complete, finite data: column 2 (ash), row 17 is NaN; impute or drop the
// missing values first". `what` names the method ("PCA").
void requireFinite(const Eigen::MatrixXd& x, std::span<const std::string> names, std::string_view what);

// InputError unless 1 ≤ clusters < points (k-means, spectral clustering).
void requireClusterCount(int clusters, Eigen::Index points);

} // namespace mlwb::linalg
