#include "logging.h"

#include <QDir>
#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QTimer>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <deque>
#include <mutex>

namespace mlwb::ui {

namespace {

// Keeps formatted lines for the log dock. Never calls into Qt from sink_it_: a sink may
// run on any thread, and Qt's message handler itself logs through spdlog.
class BufferSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    QStringList take()
    {
        std::lock_guard lock(this->mutex_);
        QStringList out;
        out.reserve(static_cast<qsizetype>(lines_.size()));
        for (auto& l : lines_)
            out.append(QString::fromStdString(l));
        lines_.clear();
        return out;
    }

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override
    {
        spdlog::memory_buf_t buf;
        formatter_->format(msg, buf);
        std::string line(buf.data(), buf.size());
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
            line.pop_back();
        lines_.push_back(std::move(line));
        if (lines_.size() > kMaxLines)
            lines_.pop_front();
    }
    void flush_() override {}

private:
    static constexpr std::size_t kMaxLines = 5000;
    std::deque<std::string> lines_;
};

std::shared_ptr<BufferSink>& bufferSink()
{
    static std::shared_ptr<BufferSink> sink;
    return sink;
}

void qtMessageToSpdlog(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    const std::string text = message.toStdString();
    const char* category = context.category ? context.category : "qt";
    switch (type) {
    case QtDebugMsg: spdlog::debug("[{}] {}", category, text); break;
    case QtInfoMsg: spdlog::info("[{}] {}", category, text); break;
    case QtWarningMsg: spdlog::warn("[{}] {}", category, text); break;
    case QtCriticalMsg: spdlog::error("[{}] {}", category, text); break;
    case QtFatalMsg:
        spdlog::critical("[{}] {}", category, text);
        spdlog::default_logger()->flush();
        break;
    }
}

} // namespace

void initLogging(const QString& logDirectory)
{
    auto buffer = std::make_shared<BufferSink>();
    bufferSink() = buffer;
    auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    console->set_level(spdlog::level::warn);
    std::vector<spdlog::sink_ptr> sinks{console, buffer};
    if (!logDirectory.isEmpty() && QDir().mkpath(logDirectory)) {
        try {
            sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
                QDir(logDirectory).filePath(QStringLiteral("mlwb.log")).toStdString(), 5 * 1024 * 1024, 3));
        } catch (const spdlog::spdlog_ex& e) {
            console->log(spdlog::details::log_msg("mlwb", spdlog::level::warn,
                                                  std::string("no log file: ") + e.what()));
        }
    }
    auto logger = std::make_shared<spdlog::logger>("mlwb", sinks.begin(), sinks.end());
    logger->set_pattern("%H:%M:%S.%e %^%-5l%$ %v");
    logger->set_level(spdlog::level::info);
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(logger);
    qInstallMessageHandler(qtMessageToSpdlog);
}

void shutdownLogging()
{
    qInstallMessageHandler(nullptr);
    spdlog::shutdown();
    bufferSink().reset();
}

QStringList takeLogLines()
{
    auto& sink = bufferSink();
    return sink ? sink->take() : QStringList{};
}

LogDock::LogDock(QWidget* parent) : QDockWidget(tr("Log"), parent)
{
    setObjectName(QStringLiteral("logDock"));
    auto* view = new QPlainTextEdit;
    view->setReadOnly(true);
    view->setMaximumBlockCount(5000);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view_ = view;
    setWidget(view);
    auto* timer = new QTimer(this);
    timer->setInterval(100);
    connect(timer, &QTimer::timeout, this, [this] {
        const QStringList lines = takeLogLines();
        if (view_ && !lines.isEmpty())
            view_->appendPlainText(lines.join(QLatin1Char('\n')));
    });
    timer->start();
}

} // namespace mlwb::ui
