# FindOnnxRuntime: the ONNX Runtime C/C++ API.
#
# Looks in ONNXRUNTIME_ROOT (CMake or environment variable), then in the project-local folder that
# scripts/fetch-onnxruntime.sh fills (.deps/onnxruntime), then in the system's default paths
# (Debian's libonnxruntime-dev installs the headers under include/onnxruntime/).
#
# Defines OnnxRuntime_FOUND, OnnxRuntime_INCLUDE_DIR, OnnxRuntime_LIBRARY, OnnxRuntime_API_VERSION
# (the headers' ORT_API_VERSION) and the imported target OnnxRuntime::OnnxRuntime.
set(_onnxruntime_hints ${ONNXRUNTIME_ROOT} $ENV{ONNXRUNTIME_ROOT} ${PROJECT_SOURCE_DIR}/.deps/onnxruntime)

find_path(OnnxRuntime_INCLUDE_DIR onnxruntime_cxx_api.h
  HINTS ${_onnxruntime_hints}
  PATH_SUFFIXES include include/onnxruntime)
find_library(OnnxRuntime_LIBRARY NAMES onnxruntime
  HINTS ${_onnxruntime_hints}
  PATH_SUFFIXES lib lib64)

if(OnnxRuntime_INCLUDE_DIR AND EXISTS ${OnnxRuntime_INCLUDE_DIR}/onnxruntime_c_api.h)
  file(STRINGS ${OnnxRuntime_INCLUDE_DIR}/onnxruntime_c_api.h _onnxruntime_api_line REGEX "^#define ORT_API_VERSION [0-9]+")
  string(REGEX REPLACE "^#define ORT_API_VERSION ([0-9]+).*" "\\1" OnnxRuntime_API_VERSION "${_onnxruntime_api_line}")
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(OnnxRuntime
  REQUIRED_VARS OnnxRuntime_LIBRARY OnnxRuntime_INCLUDE_DIR
  VERSION_VAR OnnxRuntime_API_VERSION)

if(OnnxRuntime_FOUND AND NOT TARGET OnnxRuntime::OnnxRuntime)
  add_library(OnnxRuntime::OnnxRuntime SHARED IMPORTED)
  set_target_properties(OnnxRuntime::OnnxRuntime PROPERTIES
    IMPORTED_LOCATION ${OnnxRuntime_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${OnnxRuntime_INCLUDE_DIR})
endif()
mark_as_advanced(OnnxRuntime_INCLUDE_DIR OnnxRuntime_LIBRARY)
