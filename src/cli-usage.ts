/** The CLI's help text: every flag, as `npx ecr-oidc-push --help` prints it. */
export const USAGE = `Usage: ecr-oidc-push setup --account-id ID --region REGION --repository OWNER/NAME [options]
       ecr-oidc-push setup --account-id ID --region REGION --repositories-file FILE [options]
       ecr-oidc-push init --account-id ID --region REGION [options]

init, inside a git checkout whose origin is on GitHub: writes .github/workflows/ecr-oidc-push.yml (it
reads the account and region from the repository variables), runs setup for that repository, sets the
variables when a GitHub token is there, and prints what to commit. It never overwrites a workflow file
that differs unless --force; --action OWNER/ecr-oidc-push@v1 names where the action is published (the
npm package knows). A second run changes nothing.

Creates (or brings back in line) what push mode needs: the GitHub OIDC provider, the role
github-actions-<repo> with a strict trust policy, its push policy, and the ECR repository.
Shows the plan first; a second run changes nothing. Uses your AWS credentials (the SDK's default chain).

Required:
  --account-id ID            12-digit AWS account ID
  --region REGION            AWS region, e.g. us-east-1
  --repository OWNER/NAME    the GitHub repository that will push; repeat it for several
  --repositories-file FILE   or (and) one OWNER/NAME a line, # for comments: one provider, one plan for
                             all, applied 8 repositories at a time; exit 1 if any failed (the others are
                             applied, and a re-run continues)

Whom the role trusts (the default branch always; nothing else unless listed):
  --default-branch NAME      default branch (default: main)
  --branches LIST            more branches; patterns such as 'release/*' use StringLike
  --tags LIST                git tags, e.g. 'v*'
  --environments LIST        deployment environments, e.g. production
  --owner-id ID --repository-id ID
                             GitHub's numeric IDs: also trust the immutable subject form
                             repo:OWNER@OWNER_ID/NAME@REPO_ID:… (repositories created after 2026-07-15)
  --sub-claim-keys LIST      the subject template when the repository or its organization customizes it
                             (include_claim_keys), e.g. repo,context,job_workflow_ref; with a GitHub token
                             setup reads it from GitHub instead
  --oidc-issuer URL          the tokens' issuer (default: GITHUB_SERVER_URL's, else github.com's
                             https://token.actions.githubusercontent.com): https://HOST/_services/token for
                             GitHub Enterprise Server, …githubusercontent.com/SLUG for an enterprise's own

Tiers (each a role and an ECR repository of its own; default main):
  --tiers LIST               main (the default branch), dev (any other branch: role and repository -dev,
                             images expire), release (release tags: -release, tags immutable, kept)
  --release-tags LIST        git tags the release role trusts (default: v*; none: the environment alone)
  --release-environment NAME a GitHub environment whose jobs the release role also trusts
  --dev-retention-days N     dev images expire N days after push (default: 30)
  --developers LIST          account IDs or IAM principal ARNs that pull every tier and push dev
  --consumers LIST           account IDs or IAM principal ARNs that pull the release tier (main without one)

Names and settings:
  --ecr-repository NAME      ECR repository (default: NAME lowercased and made valid)
  --role-name NAME           IAM role (default: github-actions-NAME)
  --audience AUD             OIDC audience / client ID (default: sts.amazonaws.com)
  --max-session-duration S   role's maximum session, 3600–43200 (default: 3600)
  --kms-key KEY              encrypt with this KMS key instead of AES256
  --immutable-tags           tags immutable, except latest and branch tags (IMMUTABLE_WITH_EXCLUSION)
  --untagged-days N          expire untagged images after N days (default: 14)
  --keep-tagged N            keep the last N tagged images (default: 200)

Deploying after a push (push mode's ecs-cluster/ecs-service):
  --ecs-service LIST         CLUSTER/SERVICE the role may deploy to: update the service, register task
                             definitions, pass exactly its task's roles to ECS tasks

Pulling images of other repositories:
  --pull-from LIST           ECR repositories of the account the role may also pull from
  --pull-only                a consumer: the role and its pull policy only, no push policy, no repository

GitHub (with a token: GITHUB_TOKEN, GH_TOKEN or --github-token; GITHUB_API_URL for GitHub Enterprise):
  --github-token TOKEN       read each repository's default branch and numeric IDs from the API (so the
                             immutable subject form needs no flags) and set its repository variables
                             AWS_ACCOUNT_ID and AWS_REGION (variables, not secrets: they are not secret)
  --github-org ORG --topic T also set up the organisation's repositories that carry the topic T

init:
  --force                    overwrite a workflow file that differs
  --action REF               the action the workflow uses, e.g. octo-org/ecr-oidc-push@v1

Infrastructure as code (no AWS credentials, no AWS call; with a GitHub token, GitHub's facts as above):
  --emit FORMAT              terraform or cloudformation: print the code that creates exactly what setup
                             would create with the same flags, instead of applying it
  --out PATH                 write the emitted code to PATH instead of stdout

Output:
  --dry-run                  print the plan, change nothing
  --json                     print the outcome as JSON on stdout (the plan goes to stderr)
  -h, --help                 this text

Lists take commas or repeated flags. Exit codes: 0 done, 1 error, 2 usage.`
