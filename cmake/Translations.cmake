# The interface's translations (SPEC §12, issue 17): each resources/translations/attnscope_<lang>.ts
# is compiled by lrelease at build time into attnscope_<lang>.qm and embedded into the widgets
# library as the resource :/i18n/attnscope_<lang>.qm, which widgets/i18n/InterfaceLanguage loads
# for the window and the headless figure export (the command line stays English).
#
# The .ts files are the source of truth and are committed, translated: the build never runs
# lupdate. tools/check-translations.sh runs it into a temporary copy and fails when the code has
# strings the committed .ts lacks; tests/widgets/tst_translations checks that every message is
# translated and keeps its placeholders.
find_package(Qt6 REQUIRED COMPONENTS LinguistTools)

function(attnscope_add_translations target)
    file(GLOB ts_files CONFIGURE_DEPENDS
        ${PROJECT_SOURCE_DIR}/resources/translations/attnscope_*.ts)
    # -nounfinished: a message still marked unfinished falls back to English, never to a draft.
    qt_add_lrelease(${target} TS_FILES ${ts_files} OPTIONS -nounfinished -silent
        QM_FILES_OUTPUT_VARIABLE qm_files)
    qt_add_resources(${target} "attnscope_translations" PREFIX "/i18n"
        BASE ${CMAKE_CURRENT_BINARY_DIR} FILES ${qm_files})
endfunction()
