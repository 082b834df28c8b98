#include "widgets/three_d/OpenGlProbe.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <optional>

namespace attnscope {

namespace {
std::string advice(const QString& platform) {
    return QCoreApplication::translate(
               "attnscope::OpenGlProbe",
               "3D figures need OpenGL, which is not available on Qt's '%1' platform. Run with a "
               "display, or headless under a virtual X server: xvfb-run -a attnscope … (Mesa's "
               "software renderer, package libgl1-mesa-dri).")
        .arg(platform)
        .toStdString();
}

std::string reason(const char* why) {
    return QCoreApplication::translate("attnscope::OpenGlProbe", why).toStdString();
}

Status probe() {
    const QString platform = QGuiApplication::platformName();
    // Qt Data Visualization 6.4 dereferences a missing window surface on these platforms.
    static const QStringList noOpenGl{"offscreen", "minimal", "vnc", "linuxfb"};
    if (platform.isEmpty() || noOpenGl.contains(platform)) return Error{advice(platform)};
    QOpenGLContext context;
    if (!context.create())
        return Error{advice(platform) +
                     reason(QT_TRANSLATE_NOOP("attnscope::OpenGlProbe",
                                              " (no OpenGL context could be made)"))};
    QOffscreenSurface surface;
    surface.setFormat(context.format());
    surface.create();
    if (!surface.isValid() || !context.makeCurrent(&surface))
        return Error{advice(platform) +
                     reason(QT_TRANSLATE_NOOP("attnscope::OpenGlProbe",
                                              " (the OpenGL context cannot be made current)"))};
    context.doneCurrent();
    return {};
}
}  // namespace

Status OpenGlProbe::status() {
    static std::optional<Status> cached;
    if (!cached) cached = probe();
    return *cached;
}

}  // namespace attnscope
