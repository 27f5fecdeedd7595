import { buildxPluginCandidates, configNamesPluginDirs } from '../../src/docker/buildx-plugin.js'

test.each([
  ['the user directory first, then the system ones', { HOME: '/home/runner' }, '/home/runner/.docker/cli-plugins/docker-buildx'],
  ['DOCKER_CONFIG moves the user directory', { HOME: '/home/runner', DOCKER_CONFIG: '/tmp/cfg' }, '/tmp/cfg/cli-plugins/docker-buildx'],
])('buildx plugin candidates: %s', (_, env, first) => {
  expect(buildxPluginCandidates(env)).toEqual([
    first,
    '/usr/local/lib/docker/cli-plugins/docker-buildx', '/usr/local/libexec/docker/cli-plugins/docker-buildx',
    '/usr/lib/docker/cli-plugins/docker-buildx', '/usr/libexec/docker/cli-plugins/docker-buildx',
  ])
})

test.each([
  ['no config', '{}', false],
  ['credentials only', '{ "auths": {} }', false],
  ['extra plugin directories: docker decides', '{ "cliPluginsExtraDirs": ["/opt/plugins"] }', true],
  ['an unreadable config: docker decides', '{ not json', true],
])('a config that names plugin directories: %s', (_, config, expected) => {
  expect(configNamesPluginDirs(config)).toBe(expected)
})
