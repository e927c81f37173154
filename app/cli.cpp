#include "cli.h"

#include "bench/bench.h"
#include "chart_workloads.h"
#include "model_workloads.h"
#include "core/input_error.h"
#include "headless_runner.h"
#include "tensor/matmul.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <utility>
#include <optional>

namespace mlwb::app {

namespace {

void out(const QString& text)
{
    std::fputs(text.toLocal8Bit().constData(), stdout);
    std::fflush(stdout);
}

void err(const QString& text)
{
    std::fputs(text.toLocal8Bit().constData(), stderr);
}

// Takes the value after an option, or reports it missing.
std::optional<QString> valueOf(const QStringList& args, int& i, QString* error)
{
    if (i + 1 >= args.size()) {
        *error = QStringLiteral("option %1 needs a value").arg(args[i]);
        return std::nullopt;
    }
    return args[++i];
}

} // namespace

std::optional<RunRequest> parseRun(const QList<ui::Lab>& labs, const QStringList& args, QString* error)
{
    if (args.isEmpty()) {
        *error = QStringLiteral("run needs a lab id; `mlwb labs` lists them");
        return std::nullopt;
    }
    RunRequest r;
    QStringList ids;
    for (int l = 0; l < labs.size(); ++l) {
        ids << labs[l].id;
        if (labs[l].id == args[0])
            r.lab = l;
    }
    if (r.lab < 0) {
        *error = QStringLiteral("unknown lab '%1' (labs: %2)").arg(args[0], ids.join(QStringLiteral(", ")));
        return std::nullopt;
    }
    const ui::Lab& lab = labs[r.lab];
    QString stepArg = QStringLiteral("all");
    for (int i = 1; i < args.size(); ++i) {
        const QString& a = args[i];
        std::optional<QString> v;
        if (a == "--json" || a == "--force") {
            (a == "--json" ? r.json : r.force) = true;
            continue;
        }
        if (a != "--step" && a != "--param" && a != "--seed" && a != "--export" && a != "--format") {
            *error = QStringLiteral("unknown option '%1' for run").arg(a);
            return std::nullopt;
        }
        if (!(v = valueOf(args, i, error)))
            return std::nullopt;
        if (a != "--param" && args.indexOf(a, i + 1) >= 0) {
            *error = QStringLiteral("option %1 is given more than once").arg(a);
            return std::nullopt;
        }
        if (a == "--step") {
            stepArg = *v;
        } else if (a == "--param") {
            const qsizetype eq = v->indexOf(QLatin1Char('='));
            if (eq <= 0) {
                *error = QStringLiteral("--param '%1' is not name=value").arg(*v);
                return std::nullopt;
            }
            r.params.append({v->left(eq), v->mid(eq + 1)});
        } else if (a == "--seed") {
            bool ok = false;
            r.seed = v->toULongLong(&ok);
            if (!ok) {
                *error = QStringLiteral("--seed '%1' is not a non-negative integer").arg(*v);
                return std::nullopt;
            }
        } else if (a == "--export") {
            if (v->isEmpty()) {
                *error = QStringLiteral("--export needs a directory name");
                return std::nullopt;
            }
            r.exportDir = *v;
        } else if (a == "--format") {
            const auto f = ui::formatFromName(*v);
            if (!f) {
                *error = QStringLiteral("--format '%1' is not one of png, svg, pdf").arg(*v);
                return std::nullopt;
            }
            r.format = *f;
        }
    }
    if (stepArg == "all") {
        for (int s = 0; s < lab.steps.size(); ++s)
            r.steps << s;
    } else {
        const int s = lab.stepIndex(stepArg);
        if (s < 0) {
            QStringList stepIds;
            for (const ui::Step& st : lab.steps)
                stepIds << st.id;
            *error = QStringLiteral("lab '%1' has no step '%2' (steps: 1-%3 or %4)")
                         .arg(lab.id, stepArg).arg(lab.steps.size()).arg(stepIds.join(QStringLiteral(", ")));
            return std::nullopt;
        }
        r.steps << s;
    }
    // Every --param must name a parameter of at least one chosen step and parse there.
    for (const auto& [name, text] : r.params) {
        bool known = false;
        for (int s : r.steps)
            if (const ui::Parameter* p = lab.steps[s].parameter(name)) {
                known = true;
                if (!p->parse(text, error))
                    return std::nullopt;
            }
        if (!known) {
            *error = QStringLiteral("no step of '%1' chosen here has a parameter '%2'").arg(lab.id, name);
            return std::nullopt;
        }
    }
    return r;
}

namespace {

ui::ParameterValues valuesFor(const ui::Step& step, const RunRequest& r)
{
    ui::ParameterValues values = step.defaults();
    QString ignored;
    for (const auto& [name, text] : r.params)
        if (const ui::Parameter* p = step.parameter(name))
            values[name] = *p->parse(text, &ignored);
    return values;
}

} // namespace

QString usage()
{
    return QStringLiteral(
        "usage: mlwb                       open the window\n"
        "       mlwb --version\n"
        "       mlwb labs                  list labs and their steps\n"
        "       mlwb run LAB [--step N|ID|all] [--param name=value]... [--seed N]\n"
        "                    [--export DIR] [--format png|svg|pdf] [--json] [--force]\n"
        "                    --force: a step may replace an existing file it did not write\n"
        "       mlwb bench [--filter REGEX] [--json]\n");
}

int badUsage(const QString& message)
{
    err(QStringLiteral("mlwb: %1\n").arg(message));
    return kExitBadUsage;
}

int listLabs(const QList<ui::Lab>& labs)
{
    for (const ui::Lab& lab : labs) {
        out(QStringLiteral("%1  %2\n").arg(lab.id, lab.title));
        for (int s = 0; s < lab.steps.size(); ++s) {
            const ui::Step& step = lab.steps[s];
            QStringList params;
            for (const ui::Parameter& p : step.parameters)
                params << p.name;
            out(QStringLiteral("  %1. %2  %3%4\n")
                    .arg(s + 1)
                    .arg(step.id, step.title)
                    .arg(params.isEmpty() ? QString() : QStringLiteral("  [") + params.join(QStringLiteral(", ")) + QLatin1Char(']')));
        }
    }
    return kExitOk;
}

int runLab(const QList<ui::Lab>& labs, const RunRequest& request)
{
    const RunRequest* r = &request;
    const ui::Lab& lab = labs[r->lab];
    if (!r->exportDir.isEmpty() && !QDir().mkpath(r->exportDir)) {
        err(QStringLiteral("mlwb: cannot create the export directory '%1'\n").arg(r->exportDir));
        return kExitFailed;
    }
    QJsonArray steps;
    int status = kExitOk;
    for (int s : r->steps) {
        const ui::Step& step = lab.steps[s];
        const ui::HeadlessStepResult result =
            ui::runStepHeadless(lab, s, valuesFor(step, *r), r->seed, r->exportDir, r->format, {960, 600},
                                ui::ReplacePermission{r->force, {}});
        QJsonObject o{{"id", result.stepId}, {"metrics", result.metrics},
                      {"charts", QJsonArray::fromStringList(result.files)},
                      {"figures", QJsonArray::fromStringList(result.figures)},
                      {"notes", QJsonArray::fromStringList(result.notes)}};
        if (!result.error.isEmpty()) {
            o["error"] = result.error;
            err(QStringLiteral("mlwb: %1/%2: %3\n").arg(lab.id, step.id, result.error));
            status = kExitFailed;
        }
        steps.append(o);
        if (!r->json) {
            out(QStringLiteral("%1. %2\n").arg(s + 1).arg(step.title));
            for (const QString& note : result.notes)
                out(QStringLiteral("   %1\n").arg(note));
            for (const QString& file : result.files + result.figures)
                out(QStringLiteral("   wrote %1\n").arg(file));
        }
    }
    if (r->json)
        out(QString::fromUtf8(QJsonDocument(QJsonObject{{"lab", lab.id}, {"steps", steps}}).toJson()));
    return status;
}

int bench(const QStringList& args)
{
    QString filter = QStringLiteral(".*");
    bool json = false;
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == "--json") {
            json = true;
        } else if (args[i] == "--filter") {
            QString error;
            const auto v = valueOf(args, i, &error);
            if (!v)
                return badUsage(error);
            filter = *v;
        } else {
            return badUsage(QStringLiteral("unknown option '%1' for bench").arg(args[i]));
        }
    }
    std::regex re;
    try {
        re = bench::workloadFilter(filter.toStdString());
    } catch (const InputError& e) {
        return badUsage(QString::fromUtf8(e.what()));
    }
    QJsonArray results;
    const QString isa = QString::fromLatin1(tensor::matmulIsa().data(), qsizetype(tensor::matmulIsa().size()));
    bool headed = false;  // the header only above results, so a filter matching nothing prints nothing
    std::vector<bench::Workload> workloads = bench::allWorkloads();
    for (bench::Workload& w : modelWorkloads())
        workloads.push_back(std::move(w));
    for (bench::Workload& w : chartWorkloads())
        workloads.push_back(std::move(w));
    const auto printed = bench::run(workloads, re, bench::Options{}, [&](const bench::Result& r) {
        if (!json && !std::exchange(headed, true))
            out(QStringLiteral("GEMM kernels: %1 (MLWB_ISA=baseline|avx2|avx512 chooses another)\n").arg(isa));
        if (json) {
            QJsonObject details;
            for (const bench::Detail& d : r.details)
                details.insert(QString::fromStdString(d.name), QJsonObject{{"value", d.value}, {"unit", QString::fromStdString(d.unit)}});
            results.append(QJsonObject{{"name", QString::fromStdString(r.name)}, {"median_s", r.medianSeconds},
                                       {"min_s", r.minSeconds}, {"max_s", r.maxSeconds}, {"n", r.n},
                                       {"rate", r.rate}, {"rate_unit", QString::fromStdString(r.rateUnit)},
                                       {"peak_rss_mb", r.peakRssBytes / 1e6}, {"gemm_isa", isa}, {"details", details}});
        } else {
            out(QStringLiteral("%1  median %2 s  (min %3, max %4, n=%5)  %6 %7  peak RSS %8 MB\n")
                    .arg(QString::fromStdString(r.name), -20)
                    .arg(r.medianSeconds, 0, 'g', 4).arg(r.minSeconds, 0, 'g', 4).arg(r.maxSeconds, 0, 'g', 4)
                    .arg(r.n).arg(r.rate, 0, 'f', 2).arg(QString::fromStdString(r.rateUnit))
                    .arg(r.peakRssBytes / 1e6, 0, 'f', 0));
            for (const bench::Detail& d : r.details)
                out(QStringLiteral("    %1: %2 %3\n").arg(QString::fromStdString(d.name)).arg(d.value, 0, 'g', 4)
                        .arg(QString::fromStdString(d.unit)));
        }
    });
    if (printed.empty())
        return badUsage(QStringLiteral("no workload matches --filter '%1'").arg(filter));
    if (json)
        out(QString::fromUtf8(QJsonDocument(results).toJson()));
    return kExitOk;
}

} // namespace mlwb::app
