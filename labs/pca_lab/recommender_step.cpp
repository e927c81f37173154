// Step 6: a recommender from a ratings matrix of known low rank with most entries missing:
// rank-k factorisations by alternating least squares, judged on held-out ratings, live.
#include "pca_lab/charts.h"
#include "pca_lab/steps.h"
#include "run_context.h"

#include "core/input_error.h"
#include "linalg/synthetic_ratings.h"

namespace mlwb::labs::pcalab {

namespace {

constexpr Eigen::Index kPatternSize = 40;
constexpr int kColours = 6;  // the palette's series colours before grey and black
constexpr double kLearnedLittle = 0.9;     // of predicting 0's RMSE: nothing much was learned
constexpr double kStillImproving = 0.005;  // relative change of the last sweep, or of the rise past the best

ui::SeriesSpec line(const QString& name, int color, bool markers = false)
{
    return {.name = name, .kind = ui::SeriesSpec::Kind::Line, .colorIndex = color, .pointMarkers = markers};
}

// Which entries of the top-left corner of the ratings matrix are known: the sparsity the
// factorisation works against.
ui::ChartSpec observedPattern(const linalg::SyntheticRatings& data)
{
    const int rows = int(std::min<Eigen::Index>(kPatternSize, data.ratings.rows()));
    const int cols = int(std::min<Eigen::Index>(kPatternSize, data.ratings.cols()));
    ui::HeatmapSpec h;
    h.rows = rows;
    h.cols = cols;
    h.categories = {"missing", "train", "held out"};
    for (int u = 0; u < rows; ++u)
        for (int i = 0; i < cols; ++i)
            h.values.push_back(data.train(u, i) ? 1.0 : data.heldOut(u, i) ? 2.0 : 0.0);
    h.cellLabels = false;
    ui::ChartSpec c;
    c.id = "observed";
    c.title = QStringLiteral("Which ratings are known: the first %1 users × %2 items").arg(rows).arg(cols);
    c.x.title = "item";
    c.y.title = "user";
    c.heatmap = h;
    return c;
}

// The learned item factors in their first two dimensions: items rated alike sit close.
ui::ChartSpec itemFactorChart(const linalg::Completion& fit)
{
    ui::ChartSpec items;
    items.id = "item-factors";
    items.title = QStringLiteral("The %1 items in the learned taste space (k = %2, first two factors)")
                      .arg(fit.itemFactors.rows())
                      .arg(fit.itemFactors.cols());
    items.x = {"item factor 1", false, std::nullopt, std::nullopt};
    items.y = {"item factor 2", false, std::nullopt, std::nullopt};
    ui::SeriesSpec points{.name = "item", .kind = ui::SeriesSpec::Kind::Scatter, .colorIndex = 0, .width = 6};
    for (Eigen::Index i = 0; i < fit.itemFactors.rows(); ++i)
        points.points << QPointF(fit.itemFactors(i, 0), fit.itemFactors(i, 1));
    items.series << points;
    return items;
}

void run(ui::RunContext& ctx)
{
    const linalg::SyntheticRatings data = linalg::syntheticRatings({.users = ctx.integer("users"),
                                                                     .items = ctx.integer("items"),
                                                                     .rank = ctx.integer("rank"),
                                                                     .noise = ctx.real("noise"),
                                                                     .observedFraction = ctx.real("observed"),
                                                                     .seed = ctx.seed()});
    if (data.train.count() == 0)
        throw InputError(QStringLiteral("Observed fraction %1 of %2 users × %3 items leaves no rating to train on: raise it")
                             .arg(ctx.real("observed"))
                             .arg(ctx.integer("users"))
                             .arg(ctx.integer("items"))
                             .toStdString());
    const int maxK = ctx.integer("max_k"), sweeps = ctx.integer("sweeps");
    const int trueRank = ctx.integer("rank");
    const double noise = ctx.real("noise");

    ui::ChartSpec live;
    live.id = "sweeps";
    live.title = "Held-out RMSE after each ALS sweep, one line per k";
    live.x = {"ALS sweep", false, 0.0, double(sweeps)};
    live.y = {"held-out RMSE (rating units, log)", true, std::nullopt, std::nullopt};
    for (int k = 1; k <= maxK; ++k) {  // six colours, then dashed: no two lines alike
        live.series << line(QStringLiteral("k = %1").arg(k), (k - 1) % kColours);
        live.series.back().dashed = k > kColours;
    }
    ctx.publish(live);
    ui::ChartSpec byK;
    byK.id = "rmse-by-k";
    byK.title = QStringLiteral("RMSE against the rank k (truth: rank %1, noise sd %2)").arg(trueRank).arg(noise);
    byK.x = {"rank k of the factorisation", false, 0.5, double(maxK) + 0.5};
    byK.y = {"RMSE after the last sweep (rating units)", false, 0.0, std::nullopt};
    byK.series = {line("training ratings", 0, true), line("held-out ratings", 1, true)};
    byK.annotations << ui::AnnotationSpec{.kind = ui::AnnotationSpec::Kind::VerticalLine, .x = double(trueRank),
                                          .label = "true rank", .colorIndex = 7};
    if (noise > 0)
        byK.annotations << ui::AnnotationSpec{.kind = ui::AnnotationSpec::Kind::HorizontalLine, .y = noise,
                                              .label = "noise sd: the best possible", .colorIndex = 2};
    ctx.publish(byK);
    ctx.publish(observedPattern(data));
    ctx.figure({.id = "recommender", .title = "Matrix completion by alternating least squares", .rows = 2, .cols = 2,
                .panels = {{.chart = "sweeps"}, {.chart = "rmse-by-k", .col = 1}, {.chart = "observed", .row = 1},
                           {.chart = "item-factors", .row = 1, .col = 1}}});

    ui::SeriesStream trainByK = ctx.stream("rmse-by-k", 0), heldOutByK = ctx.stream("rmse-by-k", 1);
    std::vector<linalg::Completion> fits;
    QJsonArray trainRmse, heldOutRmse;
    const double total = double(maxK) * sweeps;
    for (int k = 1; k <= maxK && !ctx.stopRequested(); ++k) {
        ui::SeriesStream curve = ctx.stream("sweeps", k - 1);
        fits.push_back(linalg::completeAls(data.ratings, data.train, data.heldOut,
                                           {.rank = k, .l2 = ctx.real("l2"), .iterations = sweeps, .seed = ctx.seed()},
                                           [&](int sweep, double, double heldOut) {
                                               curve.append(QPointF(sweep, heldOut));
                                               const double done = double(k - 1) * sweeps + sweep;
                                               ctx.progress(done / total);
                                               ctx.pace(done, total);
                                               return ctx.stopRequested();
                                           }));
        const linalg::Completion& fit = fits.back();
        if (fit.trainRmse.empty())
            break;
        trainByK.append(QPointF(k, fit.trainRmse.back()));
        heldOutByK.append(QPointF(k, fit.heldOutRmse.back()));
        trainRmse.append(fit.trainRmse.back());
        heldOutRmse.append(fit.heldOutRmse.back());
    }
    if (heldOutRmse.isEmpty())
        return;  // stopped before the first sweep ended

    int best = 0;
    for (int i = 1; i < heldOutRmse.size(); ++i)
        if (heldOutRmse[i].toDouble() < heldOutRmse[best].toDouble())
            best = i;
    if (heldOutRmse.size() >= 2)
        ctx.publish(itemFactorChart(fits[std::size_t(std::max(best, 1))]));

    const double baseline = std::sqrt(data.truth.array().square().mean());  // predicting 0 everywhere
    const double bestRmse = heldOutRmse[best].toDouble();
    ctx.note(QStringLiteral("%1 of %2 ratings observed (%3 to train on, %4 held out). Held-out RMSE is lowest at k = %5: "
                            "%6, against a noise sd of %7 and %8 for predicting 0 everywhere.")
                 .arg(data.train.count() + data.heldOut.count())
                 .arg(data.ratings.size())
                 .arg(data.train.count())
                 .arg(data.heldOut.count())
                 .arg(best + 1)
                 .arg(bestRmse, 0, 'f', 3)
                 .arg(noise)
                 .arg(baseline, 0, 'f', 3));
    const std::vector<double>& bestCurve = fits[std::size_t(best)].heldOutRmse;
    const double lastGain = bestCurve.size() >= 2 ? bestCurve[bestCurve.size() - 2] - bestCurve.back() : bestCurve.back();
    if (bestRmse > kLearnedLittle * baseline) {
        ctx.note(QStringLiteral("No rank did much better than predicting 0 for every rating: %1 training ratings per user "
                                "are too few to learn from, the L2 penalty (%2) pulls every factor to 0, or too few "
                                "sweeps ran. Raise Observed fraction or ALS sweeps, or lower L2 penalty.")
                     .arg(double(data.train.count()) / double(data.ratings.rows()), 0, 'f', 1)
                     .arg(ctx.real("l2")));
    } else if (lastGain > kStillImproving * bestRmse) {
        ctx.note(QStringLiteral("At k = %1 the held-out RMSE still fell by %2 in the last sweep: more ALS sweeps would "
                                "lower it further, and the comparison between ranks is not final.")
                     .arg(best + 1)
                     .arg(lastGain, 0, 'f', 4));
    } else if (heldOutRmse.last().toDouble() > (1 + kStillImproving) * bestRmse) {
        ctx.note(QStringLiteral("Beyond k = %1 the training RMSE keeps falling (%2 at k = %3) while the held-out RMSE "
                                "rises: the extra factors fit the noise of the few ratings each user gave.")
                     .arg(best + 1)
                     .arg(trainRmse.last().toDouble(), 0, 'f', 3)
                     .arg(trainRmse.size()));
    }
    ctx.metric("train_rmse", trainRmse);
    ctx.metric("heldout_rmse", heldOutRmse);
    ctx.metric("best_k", best + 1);
}

} // namespace

ui::Step recommenderStep()
{
    ui::Step s;
    s.id = "recommender";
    s.title = "A recommender from a low-rank matrix";
    s.textFile = ":/labs/pca/recommender.md";
    s.parameters << ui::Parameter::integer("users", "Users", 300, 10, 2000)
                 << ui::Parameter::integer("items", "Items", 200, 10, 2000)
                 << ui::Parameter::integer("rank", "True rank", 5, 1, 30, "The rank of the matrix the ratings come from")
                 << ui::Parameter::real("noise", "Noise", 0.1, 0.0, 3.0, false, 2,
                                        "The sd of the noise on each rating; the ratings themselves have sd 1")
                 << ui::Parameter::real("observed", "Observed fraction", 0.2, 0.01, 1.0, false, 2,
                                        "The share of all user–item pairs rated; a fifth of those are held out")
                 << ui::Parameter::integer("max_k", "Largest k", 10, 2, 12, "Factorisations of rank 1 … this are fitted")
                 << ui::Parameter::real("l2", "L2 penalty", 0.1, 0.0, 100.0, false, 3,
                                        "λ in Σ (r − uᵀv)² + λ (Σ‖u‖² + Σ‖v‖²)")
                 << ui::Parameter::integer("sweeps", "ALS sweeps", 30, 1, 200);
    s.run = run;
    return s;
}

} // namespace mlwb::labs::pcalab
