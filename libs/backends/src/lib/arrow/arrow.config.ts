import { DatasetFolderConfig } from '../dataset-folder/dataset-folder.config';

/**
 * A folder of Arrow IPC files (`.arrow`, `.feather` v2, `.ipc`) and streams
 * (`.arrows`): path (required), recursive (true), max_files, plus the keys every type takes.
 */
export class ArrowConfig extends DatasetFolderConfig {}
