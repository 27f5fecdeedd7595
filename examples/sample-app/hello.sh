#!/bin/sh
echo "hello from $(cat /built-on)"
