import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button } from './Button';
import { IconError } from './icons';

interface Props {
  children: ReactNode;
  /** Changing this value resets the boundary (e.g. the route path). */
  resetKey?: unknown;
  fullPage?: boolean;
}
interface State {
  error: Error | null;
  errorId: string;
  resetKey?: unknown;
}

/** Catches render errors, shows a friendly panel with a reference id and a retry button. */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null, errorId: '', resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error, errorId: Math.random().toString(36).slice(2, 10).toUpperCase() };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    if (props.resetKey !== state.resetKey) return { resetKey: props.resetKey, error: null };
    return null;
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('UI error', this.state.errorId, error, info.componentStack);
  }

  private retry = () => this.setState({ error: null });

  render() {
    if (!this.state.error) return this.props.children;
    const isChunk = /dynamically imported module|Loading chunk|Importing a module script/i.test(this.state.error.message);
    return (
      <div className={this.props.fullPage ? 'not-found' : undefined}>
        <div className="state error" role="alert">
          <div className="state-icon">
            <IconError />
          </div>
          <h2>Something went wrong</h2>
          <p>
            {isChunk
              ? 'A new version of CloudWeave may have been deployed. Reload to continue.'
              : 'This part of the page failed to display. You can try again; if it keeps happening, share the reference below with your administrator.'}
          </p>
          <p className="faint mono">Reference {this.state.errorId}</p>
          <div className="row">
            <Button variant="primary" onClick={isChunk ? () => window.location.reload() : this.retry}>
              {isChunk ? 'Reload' : 'Try again'}
            </Button>
          </div>
        </div>
      </div>
    );
  }
}
