#pragma once
// The message of the InputError a piece of engine code throws: what the engine tests compare
// against the words a learner should read.
#include "core/input_error.h"

#include <QString>

namespace enginetest {

// The InputError message `f` throws, or a note that it threw none.
template <class F>
QString errorOf(F&& f)
{
    try {
        f();
    } catch (const mlwb::InputError& e) {
        return QString::fromStdString(e.what());
    }
    return QStringLiteral("(no InputError)");
}

} // namespace enginetest
