#!/usr/bin/env bash
# Deploy closeloop's CloudFormation stack (templates/cloudformation/closeloop.yaml):
#   ./deploy.sh --profile P --region R [--stack-name N] [--param K=V ...]   to an AWS account
#   ./deploy.sh --local [--stack-name N] [--param K=V ...]                  to an AWS emulator on 127.0.0.1
# A second stack in the same account and region: its own --stack-name and --prefix (document names,
# default Closeloop-), e.g. ./deploy.sh --region R --stack-name closeloop-team2 --prefix Team2-
# It checks templates/ is fresh, lints it, packages the Lambda handlers, uploads, deploys with a change
# set and prints the outputs. The logic is Python (generator/stack/deploy.py), so it is tested.
set -euo pipefail
cd "$(dirname "$0")"
./dev setup
exec .venv/bin/python -m generator.stack.deploy "$@"
