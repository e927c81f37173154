// Step 5: which features the model relies on: permutation importance with its spread over
// repeats, the standardized coefficients of a linear model, and for digits both as images.
#include "training/charts.h"
#include "training/session.h"
#include "training/steps.h"

#include "common/tensor_charts.h"

#include <QRegularExpression>

namespace mlwb::labs::training {

namespace {

// For 8×8 images stored as columns pxR_C (digits): the pixel index of each feature, or empty
// when the features are not exactly those 64 pixels.
std::vector<int> pixelIndex(const std::vector<std::string>& names)
{
    static const QRegularExpression pixel("^px([0-7])_([0-7])$");
    std::vector<int> index;
    for (const auto& n : names) {
        const auto m = pixel.match(qs(n));
        if (!m.hasMatch())
            return {};
        index.push_back(m.captured(1).toInt() * 8 + m.captured(2).toInt());
    }
    return names.size() == 64 ? index : std::vector<int>{};
}

std::vector<double> asImage(const std::vector<int>& pixels, const auto& values)
{
    std::vector<double> image(64, 0.0);
    for (std::size_t j = 0; j < pixels.size(); ++j)
        image[std::size_t(pixels[j])] = values[j];
    return image;
}

void run(ui::RunContext& ctx)
{
    const auto t = currentModel(ctx);
    const Prepared& d = *t->data;
    const int repeats = ctx.integer("repeats");
    const int top = ctx.integer("top");
    const auto imp = importanceOf(ctx, *t, repeats);
    ctx.publish(importanceBars("importance", *imp, d.featureNames, top, repeats));
    QStringList panels{"importance"};
    const models::Matrix coefficients = models::standardizedCoefficients(*t->model, d.train.x);
    if (coefficients.size() > 0) {
        ctx.publish(coefficientBars(coefficients, d.featureNames, top, d.classNames()));
        panels << "coefficients";
    }
    const std::vector<int> pixels = pixelIndex(d.featureNames);
    if (!pixels.empty()) {
        ui::ImageGridSpec grid;
        grid.images << asImage(pixels, imp->mean);
        grid.captions << "permutation importance";
        grid.min = 0.0;
        ui::ChartSpec image;
        image.id = "importance-image";
        image.title = "Importance of each pixel (dark: the model needs it)";
        image.imageGrid = grid;
        ctx.publish(image);
        panels << image.id;
        if (coefficients.rows() > 1) {  // softmax regression: each digit's weights as an image
            ui::ImageGridSpec weights;
            weights.diverging = true;
            double largest = 0;
            for (Eigen::Index k = 0; k < coefficients.rows(); ++k) {
                weights.images << asImage(pixels, coefficients.row(k));
                weights.captions << d.classNames()[int(k)];
                largest = std::max(largest, coefficients.row(k).cwiseAbs().maxCoeff());
            }
            weights.min = -largest;
            weights.max = largest;
            weights.columns = 5;
            ui::ChartSpec w;
            w.id = "class-weights";
            w.title = "Each class's weights on the pixels (red: evidence for, blue: against)";
            w.imageGrid = weights;
            ctx.publish(w);
        }
    }
    ui::FigureSpec figure{.id = "importance-figure", .title = QStringLiteral("What %1 relies on").arg(qs(t->model->describe())),
                          .rows = 1, .cols = int(panels.size())};
    for (int i = 0; i < panels.size(); ++i)
        figure.panels << ui::FigureSpec::Panel{.chart = panels[i], .col = i};
    ctx.figure(figure);

    ctx.note(t->summary() + ".");
    const auto order = byImportance(imp->mean);
    QStringList named;
    for (std::size_t i = 0; i < std::min<std::size_t>(3, order.size()); ++i)
        named << QStringLiteral("%1 (%2 ± %3 points)")
                     .arg(qs(d.featureNames[order[i]]))
                     .arg(100 * imp->mean[order[i]], 0, 'f', 1)
                     .arg(100 * imp->sd[order[i]], 0, 'f', 1);
    ctx.note(QStringLiteral("Shuffling these costs the most validation accuracy (baseline %1%): %2.")
                 .arg(100 * imp->baseline, 0, 'f', 1)
                 .arg(named.join(", ")));
    const auto useless = std::count_if(imp->mean.begin(), imp->mean.end(), [](double m) { return m <= 0; });
    if (useless > 0)
        ctx.note(QStringLiteral("%1 of %2 features cost nothing when shuffled: the model does without them, or "
                                "correlated features stand in for them.")
                     .arg(useless)
                     .arg(imp->mean.size()));
    reportModel(ctx, *t, *imp);
}

} // namespace

ui::Step importanceStep()
{
    ui::Step s;
    s.id = "importance";
    s.title = "Feature importance";
    s.textFile = ":/labs/training/importance.md";
    s.parameters = sessionParameters();
    s.parameters << ui::Parameter::integer("repeats", "Shuffles per feature", 5, 1, 50,
                                           "Permutation importance repeats each shuffle this often: the whiskers show "
                                           "the spread")
                 << ui::Parameter::integer("top", "Features shown", 10, 3, 100);
    s.run = run;
    return s;
}

} // namespace mlwb::labs::training
