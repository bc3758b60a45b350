import './station.css';
import { memo, useState } from 'react';
import { useLabState } from '../../app/lab-context.js';
import { onTabListKeyDown } from '../../app/tabs.js';
import { selectStationMessages, selectStationRouterOrder, selectStationRouters } from '../../store/index.js';
import { RoutersPanel } from './RoutersPanel.js';
import { RoutesPanel } from './routes/RoutesPanel.js';
import { StationInspector } from './StationInspector.js';

const TABS = ['messages', 'routers', 'routes'] as const;

/**
 * The Routers and Routes tabs render when what they read from the store changes, not with every batch of messages
 * this panel counts: hidden, the Routes tab re-rendered on each catch-up of the dashboard, in the gap between two
 * keystrokes. (Both stay mounted while hidden: their lists stay in the page, current.)
 */
const Routers = memo(RoutersPanel);
const Routes = memo(RoutesPanel);

/** The embedded monitoring station: what it received (inspector), who reports to it, and the routes it holds. */
export function StationPanel() {
  const [tab, setTab] = useState<(typeof TABS)[number]>('messages');
  const log = useLabState(selectStationMessages);
  const routers = useLabState(selectStationRouters);
  const order = useLabState(selectStationRouterOrder);
  const open = order.filter((id) => routers[id]?.closedAt === null).length;
  return (
    <section className="panel station" aria-labelledby="station-title">
      <header className="panel-header tabs-header">
        <h2 id="station-title">Station</h2>
        <div className="panel-tabs" role="tablist" aria-label="Station" onKeyDown={(e) => onTabListKeyDown(e, (i) => setTab(TABS[i]!))}>
          <button
            type="button"
            role="tab"
            id="station-tab-messages"
            aria-selected={tab === 'messages'}
            aria-controls="station-panel-messages"
            tabIndex={tab === 'messages' ? 0 : -1}
            className={`panel-tab${tab === 'messages' ? ' active' : ''}`}
            onClick={() => setTab('messages')}
            data-tab="messages"
          >
            Messages <span className="panel-count">{log.items.length.toLocaleString('en')}</span>
          </button>
          <button
            type="button"
            role="tab"
            id="station-tab-routers"
            aria-selected={tab === 'routers'}
            aria-controls="station-panel-routers"
            tabIndex={tab === 'routers' ? 0 : -1}
            className={`panel-tab${tab === 'routers' ? ' active' : ''}`}
            onClick={() => setTab('routers')}
            data-tab="routers"
          >
            Routers reporting <span className="panel-count">{open}</span>
          </button>
          <button
            type="button"
            role="tab"
            id="station-tab-routes"
            aria-selected={tab === 'routes'}
            aria-controls="station-panel-routes"
            tabIndex={tab === 'routes' ? 0 : -1}
            className={`panel-tab${tab === 'routes' ? ' active' : ''}`}
            onClick={() => setTab('routes')}
            data-tab="routes"
            title="Every route the station holds, with its attributes, and one prefix compared across views"
          >
            Routes
          </button>
        </div>
      </header>
      {/* Both stay mounted: the inspector keeps its scroll, filters and pause. */}
      <div className="station-tab" role="tabpanel" id="station-panel-messages" aria-labelledby="station-tab-messages" hidden={tab !== 'messages'}>
        <StationInspector />
      </div>
      <div className="station-tab panel-body" role="tabpanel" id="station-panel-routers" aria-labelledby="station-tab-routers" hidden={tab !== 'routers'}>
        <Routers visible={tab === 'routers'} />
      </div>
      <div className="station-tab" role="tabpanel" id="station-panel-routes" aria-labelledby="station-tab-routes" hidden={tab !== 'routes'}>
        <Routes visible={tab === 'routes'} />
      </div>
    </section>
  );
}
