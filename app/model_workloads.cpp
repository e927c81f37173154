#include "model_workloads.h"

#include "bench/model_workloads.h"
#include "bench/pca_workloads.h"
#include "data/csv_reader.h"
#include "models/class_labels.h"

#include <QFile>

#include <cmath>

namespace mlwb::app {

namespace {

data::Table bundled(const char* name)
{
    QFile f(QStringLiteral(":/datasets/%1.csv").arg(QLatin1String(name)));
    if (!f.open(QIODevice::ReadOnly))
        throw std::runtime_error(std::string("the bundled data set ") + name + " is missing from the program");
    const QByteArray bytes = f.readAll();
    return data::parseCsv(std::string_view(bytes.constData(), std::size_t(bytes.size())), std::string(name) + ".csv").table;
}

// The numeric columns other than `label`, each mapped by f(value, column's mean, population sd).
models::LabeledData features(const data::Table& t, const char* label, auto&& f)
{
    models::LabeledData d;
    d.y = models::encodeClasses(t, label).codes;
    d.x.resize(Eigen::Index(t.rowCount()), Eigen::Index(t.columnCount() - 1));
    Eigen::Index j = 0;
    for (const auto& c : t.columns) {
        if (c.name == label)
            continue;
        const Eigen::Map<const Eigen::VectorXd> v(c.numbers.data(), Eigen::Index(c.numbers.size()));
        const double mean = v.mean();
        const double sd = std::sqrt((v.array() - mean).square().mean());
        for (Eigen::Index r = 0; r < v.size(); ++r)
            d.x(r, j) = f(v[r], mean, sd);
        ++j;
    }
    return d;
}

} // namespace

std::vector<bench::Workload> modelWorkloads()
{
    return {bench::logisticTrainingWorkload([] {
                // Malignant is class 0 in the file's order; which class is 1 does not change the work.
                return features(bundled("breast_cancer"), "diagnosis",
                                [](double v, double mean, double sd) { return (v - mean) / sd; });
            }),
            bench::mlpEpochWorkload([] {
                return features(bundled("digits"), "digit", [](double v, double, double) { return v / 16; });
            }),
            bench::pcaDigitsWorkload([] {
                return features(bundled("digits"), "digit", [](double v, double, double) { return v; }).x;
            })};
}

} // namespace mlwb::app
