# Installation and the Debian package (issue 17): `cpack -G DEB` in the build folder (or
# scripts/package-deb.sh) makes attnscope_<version>_amd64.deb with its dependencies computed from
# the binary by dpkg-shlibdeps. Installs the program, the desktop entry, the icons in the hicolor
# sizes, the AppStream metainfo, the MIME types, the man page and the bash completion — the last
# two generated from the command table by the program itself (`attnscope help --man`,
# `attnscope help --bash-completion`), so they cannot drift from the parsers.
include(GNUInstallDirs)

set(ATTNSCOPE_GENERATED_DOCS ${CMAKE_BINARY_DIR}/share)
add_custom_command(
    OUTPUT ${ATTNSCOPE_GENERATED_DOCS}/attnscope.1.gz ${ATTNSCOPE_GENERATED_DOCS}/attnscope.bash
    COMMAND ${CMAKE_COMMAND} -E make_directory ${ATTNSCOPE_GENERATED_DOCS}
    COMMAND sh -c "$<TARGET_FILE:attnscope> help --man | gzip -9n > ${ATTNSCOPE_GENERATED_DOCS}/attnscope.1.gz"
    COMMAND sh -c "$<TARGET_FILE:attnscope> help --bash-completion > ${ATTNSCOPE_GENERATED_DOCS}/attnscope.bash"
    DEPENDS attnscope
    COMMENT "Man page and bash completion from the command table"
    VERBATIM)
add_custom_target(attnscope_docs ALL
    DEPENDS ${ATTNSCOPE_GENERATED_DOCS}/attnscope.1.gz ${ATTNSCOPE_GENERATED_DOCS}/attnscope.bash)

install(TARGETS attnscope RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES resources/attnscope.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES resources/io.github.attnscope.AttnScope.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES resources/attnscope-mime.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages
        RENAME attnscope.xml)
foreach(size 16 24 32 48 64 128 256 512)
    install(FILES resources/icons/attnscope-${size}.png
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps
            RENAME attnscope.png)
endforeach()
install(FILES resources/icons/attnscope.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${ATTNSCOPE_GENERATED_DOCS}/attnscope.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${ATTNSCOPE_GENERATED_DOCS}/attnscope.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME attnscope)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME attnscope)
set(CPACK_PACKAGE_VENDOR "The AttnScope developers")
set(CPACK_PACKAGE_CONTACT "The AttnScope developers <attnscope@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "see how transformer attention works and what it does")
set(CPACK_PACKAGE_DESCRIPTION
    "AttnScope computes transformer attention step by step (Q/K/V, scores, masks, softmax, \
outputs) on the CPU or through OpenCL and shows every step: flowcharts, mask matrices, per-head \
heatmaps, attention-sink bar charts, a step inspector and 3D vector views. It runs Hugging Face \
and GGUF models natively, pools long sequences without an L² buffer, exports every figure as SVG \
and PNG, and runs headless from the command line.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # attnscope_<version>_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# What dpkg-shlibdeps cannot see from the binary: Qt's platform plugins (the window), the CJK font
# of Chinese figures; and, recommended, what the headless 3D export runs under.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "qt6-qpa-plugins, fonts-noto-cjk, fonts-dejavu-core, qt6-translations-l10n")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
    "xvfb, xauth, libgl1-mesa-dri, pocl-opencl-icd | mesa-opencl-icd | opencl-icd")
set(CPACK_STRIP_FILES ON)
include(CPack)
