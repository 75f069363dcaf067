#pragma once
#include <json-c/json.h>
#include <json-c/json_tokener.h>
#include <json-c/json_object.h>
#include <json-c/printbuf.h>
#include <json-c/json_object_iterator.h>
