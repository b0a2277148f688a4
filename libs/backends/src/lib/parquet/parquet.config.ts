import { DatasetFolderConfig } from '../dataset-folder/dataset-folder.config';

/**
 * A folder of Parquet files (`.parquet`, `.parq`): path (required), recursive (true),
 * max_files, plus the keys every type takes.
 */
export class ParquetConfig extends DatasetFolderConfig {}
