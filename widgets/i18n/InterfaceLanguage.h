#pragma once
// InterfaceLanguage: the language the desktop interface and its figures speak — English, or
// Simplified Chinese from resources/translations/attnscope_zh_CN.ts (compiled into the widgets
// library as :/i18n/attnscope_zh_CN.qm). The choice saved under the "language" setting wins;
// without one the system locale decides. The command line stays English: only the window and the
// headless figure export install the translators.

#include <QLocale>
#include <QString>
#include <QStringList>

class QSettings;

namespace attnscope {

class InterfaceLanguage {
public:
    static constexpr const char* kSettingsKey = "language";
    /// The languages offered, as locale names: "en", "zh_CN".
    static QStringList available();
    /// A language named in itself ("English", "中文 (简体)"): what the Language menu lists.
    static QString nativeName(const QString& language);
    /// `saved` when it is one of available(), else the system's: zh_CN for Chinese in the
    /// Simplified script (zh_CN, zh_SG), English for every other locale.
    static QString resolve(const QString& saved, const QLocale& system = QLocale::system());
    /// resolve() of the choice saved in `settings`.
    static QString current(const QSettings& settings);
    static void save(QSettings& settings, const QString& language);
    /// Installs AttnScope's translation of `language` and Qt's own (qtbase, for the buttons of
    /// standard dialogs, when the system has it) into the running application; nothing for
    /// English. False when AttnScope's translation could not be loaded.
    static bool install(const QString& language);
};

}  // namespace attnscope
