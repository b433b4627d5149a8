# SPDX-License-Identifier: Apache-2.0
# Flags every target of ours shares, on one INTERFACE target instead of directory-wide settings.
add_library(ocw_build_options INTERFACE)
target_compile_features(ocw_build_options INTERFACE cxx_std_20)
target_compile_definitions(ocw_build_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    OCW_VERSION_STRING="${PROJECT_VERSION}")
target_compile_options(ocw_build_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
if(OCW_WARNINGS_AS_ERRORS)
    target_compile_options(ocw_build_options INTERFACE -Werror)
endif()
