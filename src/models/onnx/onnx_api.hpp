#pragma once
// The one way this folder includes the ONNX Runtime C++ API. The API table is bound by hand
// (onnx_environment.cpp) instead of by a static initialiser, so that a library older than these
// headers is reported as a clear error rather than a null pointer dereference at load time.
#define ORT_API_MANUAL_INIT
#include <onnxruntime_cxx_api.h>
