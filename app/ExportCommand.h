#pragma once
// `attnscope export`: every figure of a session or preset into a folder, headless (SPEC §7, §9).

#include <QStringList>

namespace attnscope {

class ExportCommand {
public:
    /// Needs a QApplication (any platform, offscreen included).
    static int run(const QStringList& arguments);
};

}  // namespace attnscope
