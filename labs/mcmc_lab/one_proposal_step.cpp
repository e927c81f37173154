// Step 1: random-walk Metropolis–Hastings one proposal at a time: where it proposes, how
// likely it is to move there, and whether it did.
#include "mcmc_lab/report.h"
#include "mcmc_lab/steps.h"
#include "mcmc_lab/targets.h"

#include "common/tensor_charts.h"
#include "mcmc/sampler.h"

#include <deque>

namespace mlwb::labs::mcmclab {

namespace {

constexpr int kAcceptedColor = 2, kRejectedColor = 1, kPathColor = 6, kCurrentColor = 7, kProposalColor = 4;

ui::SeriesSpec series(const QString& name, ui::SeriesSpec::Kind kind, int color, double width,
                      ui::SeriesSpec::Marker marker = ui::SeriesSpec::Marker::Circle, qint64 keepLast = 0)
{
    ui::SeriesSpec s;
    s.name = name;
    s.kind = kind;
    s.colorIndex = color;
    s.width = width;
    s.marker = marker;
    s.keepLast = keepLast;
    return s;
}

// The last few proposals with their acceptance probability: what the learner reads per step.
ui::ChartSpec proposalTable(const std::deque<std::pair<int, mcmc::StepRecord>>& recent)
{
    ui::TableSpec t;
    t.header = {"#", "from", "proposal", "α = min(1, π(proposal)/π(from))", "outcome"};
    const auto point = [](const std::vector<double>& p) {
        return QStringLiteral("(%1, %2)").arg(p[0], 0, 'f', 2).arg(p[1], 0, 'f', 2);
    };
    for (auto it = recent.rbegin(); it != recent.rend(); ++it)
        t.rows << QStringList{QString::number(it->first), point(it->second.from), point(it->second.proposal),
                              QString::number(it->second.acceptProbability, 'f', 3),
                              it->second.accepted ? QStringLiteral("accepted") : QStringLiteral("rejected")};
    ui::ChartSpec c;
    c.id = "proposals";
    c.title = "The latest proposals (newest first)";
    c.table = t;
    return c;
}

void run(ui::RunContext& ctx)
{
    const auto target = makeTarget(ctx);
    const int proposals = ctx.integer("proposals");
    const double scale = ctx.real("scale");
    const mcmc::Grid2D r = regionOf(*target);
    const std::vector<double> start{r.xMin + 0.8 * (r.xMax - r.xMin), r.yMin + 0.8 * (r.yMax - r.yMin)};
    mcmc::ChainSampler sampler(*target, {.method = mcmc::Method::RandomWalk, .scale = scale}, start, ctx.seed());

    using Kind = ui::SeriesSpec::Kind;
    using Marker = ui::SeriesSpec::Marker;
    ui::ChartSpec plane = planeChart("plane", QStringLiteral("Random-walk Metropolis–Hastings on the %1, proposal sd %2")
                                                  .arg(qs(target->name()))
                                                  .arg(scale),
                                     *target);
    plane.series = {series("path of the chain", Kind::Line, kPathColor, 1.2),
                    series("accepted proposal", Kind::Scatter, kAcceptedColor, 8, Marker::Circle),
                    series("rejected proposal", Kind::Scatter, kRejectedColor, 8, Marker::Diamond),
                    series("current state", Kind::Scatter, kCurrentColor, 13, Marker::Square, 1),
                    series("proposal", Kind::Scatter, kProposalColor, 13, Marker::Diamond, 1)};
    plane.series[0].points << QPointF(start[0], start[1]);
    ctx.publish(plane);
    ui::ChartSpec rate;
    rate.id = "acceptance";
    rate.title = "Acceptance: each proposal's α and the running rate";
    rate.x = {"proposal", false, 0.0, double(proposals)};
    rate.y = {"probability", false, 0.0, 1.05};
    rate.series = {series("α of each proposal", Kind::Scatter, kProposalColor, 5),
                   series("running acceptance rate", Kind::Line, 0, 2)};
    ctx.publish(rate);
    ctx.figure({.id = "one-proposal", .title = "One proposal at a time", .rows = 1, .cols = 2,
                .panels = {{.chart = "plane"}, {.chart = "acceptance", .col = 1}}});
    ui::SeriesStream path = ctx.stream("plane", 0), accepted = ctx.stream("plane", 1), rejected = ctx.stream("plane", 2),
                     current = ctx.stream("plane", 3), proposal = ctx.stream("plane", 4), alpha = ctx.stream("acceptance", 0),
                     running = ctx.stream("acceptance", 1);
    current.append(QPointF(start[0], start[1]));

    std::deque<std::pair<int, mcmc::StepRecord>> recent;
    int acceptedCount = 0;
    mcmc::RunResult chain{.dimension = 2, .names = target->parameterNames(), .chains = {mcmc::ChainResult{}}};
    for (int i = 1; i <= proposals && !ctx.stopRequested(); ++i) {
        const mcmc::StepRecord s = sampler.step();
        const QPointF to(s.proposal[0], s.proposal[1]);
        proposal.append(to);
        (s.accepted ? accepted : rejected).append(to);
        if (s.accepted) {
            ++acceptedCount;
            path.append(to);
            current.append(to);
        }
        const auto state = sampler.position();
        chain.chains[0].draws.insert(chain.chains[0].draws.end(), state.begin(), state.end());
        ++chain.chains[0].drawn;
        alpha.append(QPointF(i, s.acceptProbability));
        running.append(QPointF(i, double(acceptedCount) / i));
        recent.emplace_back(i, s);
        if (recent.size() > 8)
            recent.pop_front();
        if (ctx.publishDue() || i == proposals)
            ctx.publish(proposalTable(recent));
        ctx.progress(double(i) / proposals);
        ctx.pace(i, proposals);  // a checkpoint: Step moves on by one proposal
    }
    const double acceptance = double(sampler.accepted()) / double(std::max<std::size_t>(sampler.proposals(), 1));
    ctx.note(QStringLiteral("%1 of %2 proposals accepted (%3%). A proposal uphill (α = 1) is always taken; downhill it "
                            "is taken with probability π(proposal)/π(current), so the chain visits each region in "
                            "proportion to its density.")
                 .arg(sampler.accepted())
                 .arg(sampler.proposals())
                 .arg(100 * acceptance, 0, 'f', 1));
    chain.chains[0].proposals = sampler.proposals();
    chain.chains[0].accepted = sampler.accepted();
    if (chain.chains[0].drawn >= 4)  // the diagnostics need a few draws
        reportMetrics(ctx, diagnose(chain));
    ctx.metric("proposals", qint64(sampler.proposals()));
}

} // namespace

ui::Step oneProposalStep()
{
    ui::Step s;
    s.id = "one-proposal";
    s.title = "One proposal at a time";
    s.textFile = ":/labs/mcmc/one-proposal.md";
    s.parameters = targetParameters({"gaussian", "banana", "bimodal", "donut", "funnel"});
    s.parameters << ui::Parameter::real("scale", "Proposal sd", 1.0, 0.01, 20.0, true, 3,
                                        "The sd of the Gaussian step proposed from the current state")
                 << ui::Parameter::integer("proposals", "Proposals", 300, 1, 100000);
    s.run = run;
    return s;
}

} // namespace mlwb::labs::mcmclab
