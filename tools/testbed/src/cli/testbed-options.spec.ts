import { TESTBED_SERVER_NAMES } from '../servers/testbed-server';
import { parseTestbedArgs, TESTBED_HELP, TestbedUsageError } from './testbed-options';

describe(parseTestbedArgs.name, () => {
  it('starts every server when none is named', () => {
    expect(parseTestbedArgs([])).toEqual({ help: false, servers: [...TESTBED_SERVER_NAMES], named: false });
  });

  it('takes the names people use: sftp is the sshfs type, datasets are parquet and arrow; order is the test bed\'s', () => {
    expect(parseTestbedArgs(['datasets', 'sftp', 'S3'])).toEqual({ help: false, servers: ['s3', 'sshfs', 'parquet', 'arrow'], named: true });
    expect(parseTestbedArgs(['arrow', 'arrow']).servers).toEqual(['arrow']);
    expect(parseTestbedArgs(['all']).servers).toEqual([...TESTBED_SERVER_NAMES]);
  });

  it('refuses unknown servers and options, naming them', () => {
    expect(() => parseTestbedArgs(['s4'])).toThrow(new TestbedUsageError('unknown server "s4" (known: ipfs, s3, ftp, sshfs, parquet, arrow, sftp, ssh, datasets, all)'));
    expect(() => parseTestbedArgs(['--port', '1'])).toThrow('unknown option "--port" (see --help)');
  });

  it('--help and -h ask for the usage, which names every server', () => {
    expect(parseTestbedArgs(['-h']).help).toBe(true);
    expect(parseTestbedArgs(['s3', '--help'])).toMatchObject({ help: true, servers: ['s3'] });
    for (const name of ['ipfs', 's3', 'ftp', 'sftp', 'datasets']) expect(TESTBED_HELP).toContain(`  ${name} `);
  });
});
