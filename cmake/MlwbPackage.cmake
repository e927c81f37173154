# The Debian package: `cpack --preset release` writes build/release/mlwb_<version>_amd64.deb.
# Library dependencies come from dpkg-shlibdeps; what the binary loads but does not link
# (the xcb platform plugin, the fonts charts are drawn with) is named by hand.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mlwb)
set(CPACK_PACKAGE_VENDOR "ML Workbench")
set(CPACK_PACKAGE_CONTACT "ML Workbench developers <noreply@mlwb.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "Pick a lab and step through it: each step explains one idea of practical machine learning, lets you change its parameters, runs a fast C++ engine and draws the result live. Every chart exports as PNG, SVG or PDF, and every lab also runs from the command line.")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, fonts-dejavu-core")
set(CPACK_STRIP_FILES ON)
include(CPack)
